using AutoDiffGen.Benchmarks;
using BenchmarkDotNet.Running;

// Runs the benchmarks picked on the command line, e.g.
//   dotnet run -c Release --project benchmarks/AutoDiffGen.Benchmarks -- --filter '*Gemm*'
// or, with -- --analyzer-telemetry, prints the analyzers' own execution time per edit (AnalyzerTelemetry).
if (args.Contains("--analyzer-telemetry"))
{
    await AnalyzerTelemetry.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
