Console.WriteLine("AutoDiffGen tour");
