// The user app's entry point: runs the checks of every fuzzed program in both projects. The README and docs
// samples are compiled into this project too; they are not run (they need data and files of their own).
using AutoDiffGen;

Console.WriteLine("FUZZ START " + typeof(Tensor).Assembly.GetName().Version);
FuzzHarness.SelfTest();
FuzzHarness.RunAll(typeof(FuzzHarness).Assembly);
FuzzHarness.RunAll(typeof(Program).Assembly);
Console.WriteLine("FUZZ END");
