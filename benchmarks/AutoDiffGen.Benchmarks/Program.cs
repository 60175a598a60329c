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

// -- --fusion-interleaved [rounds]: FusionBenchmarks' CPU rows in interleaved rounds (see FusionInterleaved).
if (args.Length > 0 && args[0] == "--fusion-interleaved")
{
    FusionInterleaved.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}

// -- --data-loading [rounds]: time blocked waiting for batches vs. the MLP step, per loader configuration (see DataLoaderTimed).
if (args.Length > 0 && args[0] == "--data-loading")
{
    DataLoaderTimed.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}

// -- --mlp-breakdown [rounds]: the MLP training step's pieces timed alone (MlpBreakdown).
if (args.Length > 0 && args[0] == "--mlp-breakdown")
{
    MlpBreakdown.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
