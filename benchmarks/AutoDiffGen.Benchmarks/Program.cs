using BenchmarkDotNet.Running;

// Runs the benchmarks picked on the command line, e.g.
//   dotnet run -c Release --project benchmarks/AutoDiffGen.Benchmarks -- --filter '*Gemm*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
