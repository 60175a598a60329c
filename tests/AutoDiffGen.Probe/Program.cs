using System.Globalization;
using AutoDiffGen.Probe;

// Usage: AutoDiffGen.Probe <seed> <steps> — prints the SHA-256 of the weights after training.
if (args.Length != 2 || !long.TryParse(args[0], CultureInfo.InvariantCulture, out var seed) || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var steps))
{
    Console.Error.WriteLine("usage: AutoDiffGen.Probe <seed> <steps>");
    return 2;
}

Console.WriteLine(SeededTraining.Run(seed, steps));
return 0;
