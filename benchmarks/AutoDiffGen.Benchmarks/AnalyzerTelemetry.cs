using System.Globalization;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// How much of an edit's editor time is ours (the generator and the analyzers' own code, per Roslyn's telemetry) and
/// how much is the compiler's and the analyzer host's, over one-method edits of the 1,000-method project of
/// <see cref="AnalyzerCostBenchmarks"/> (see <see cref="EditorBreakdown"/>).
/// Run with <c>-- --analyzer-telemetry [edits] [grow] [steps]</c> (40 edits of the same length unless told).
/// </summary>
internal static class AnalyzerTelemetry
{
    public static Task RunAsync()
    {
        var args = Environment.GetCommandLineArgs().SkipWhile(a => a != "--analyzer-telemetry").Skip(1).ToList();
        var edits = args.Count > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 40;
        return EditorBreakdown.RunAsync(edits, args.Contains("grow"), args.Contains("steps"));
    }
}
