using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using AutoDiffGen.Generators;
using AutoDiffGen.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// Where one edit's editor time goes, in the 1,000-method project of <see cref="AnalyzerCostBenchmarks"/>: each
/// edit is measured step by step, in the order an IDE runs them, and every step is timed on every edit (interleaved,
/// so a noisy, shared machine slows all rows alike). The rows:
/// <list type="bullet">
/// <item>ours: the generator (warm incremental driver on the edited compilation) and our analyzers' own execution
/// on the edited document (Roslyn's per-analyzer telemetry), the part this repository controls;</item>
/// <item>the compiler: the edited document's own diagnostics (<c>SemanticModel.GetDiagnostics()</c> on a fresh
/// copy of the compilation with the generated files), which the editor pays with or without our analyzers;</item>
/// <item>the analyzer host: a <c>CompilationWithAnalyzers</c> of one do-nothing analyzer on the document (Roslyn's
/// driver, which binds the document to raise its events), and the same with our analyzers, whose difference is what
/// adding our analyzers costs in wall time.</item>
/// </list>
/// Run with <c>-- --analyzer-telemetry [edits] [grow] [steps]</c>; <c>grow</c> makes every edit change the edited file's
/// length (<c>1.5</c> ↔ <c>1.25</c>), so the methods after it move; <c>steps</c> adds the generator's tracked steps.
/// </summary>
internal static class EditorBreakdown
{
    public static async Task RunAsync(int edits, bool grow, bool steps)
    {
        var ours = AnalyzerCostBenchmarks.AllAnalyzers();
        var nothing = ImmutableArray.Create<DiagnosticAnalyzer>(new NothingAnalyzer(operations: false));
        var nothingWithOperations = ImmutableArray.Create<DiagnosticAnalyzer>(new NothingAnalyzer(operations: true));
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Enumerable.Range(0, AnalyzerCostBenchmarks.FileCount)
            .Select(f => CSharpSyntaxTree.ParseText(ProjectSource.File(f), parseOptions, path: ProjectSource.FileName(f)))
            .ToList();
        Compilation source = AnalyzerCostBenchmarks.CreateCompilation(trees);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new DifferentiableGenerator().AsSourceGenerator()],
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: steps));
        driver = driver.RunGeneratorsAndUpdateCompilation(source, out var full, out _);
        var generated = driver.GetRunResult().GeneratedTrees.ToDictionary(t => t.FilePath, StringComparer.Ordinal);

        var tree = trees[AnalyzerCostBenchmarks.EditedFile];
        var text = tree.GetText().ToString();
        var at = text.IndexOf(AnalyzerCostBenchmarks.EditedConstant, text.IndexOf(" Scalar0(", StringComparison.Ordinal), StringComparison.Ordinal);
        var span = new TextSpan(at, AnalyzerCostBenchmarks.EditedConstant.Length);
        var other = grow ? "1.25" : "2.5";

        const int Warmups = 5;
        var rows = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var perAnalyzer = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var generatorSteps = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(Dictionary<string, List<double>> into, string row, double ms, int edit)
        {
            if (edit >= Warmups)
            {
                (into.TryGetValue(row, out var list) ? list : into[row] = []).Add(ms);
            }
        }

        for (var edit = 0; edit < edits + Warmups; edit++)
        {
            // The edit: an incremental reparse of one file, swapped into both compilations.
            var old = tree;
            var oldText = old.GetText();
            var replacement = oldText.ToString(span) == AnalyzerCostBenchmarks.EditedConstant ? other : AnalyzerCostBenchmarks.EditedConstant;
            tree = old.WithChangedText(oldText.WithChanges(new TextChange(span, replacement)));
            span = new TextSpan(span.Start, replacement.Length);
            source = source.ReplaceSyntaxTree(old, tree);
            full = full.ReplaceSyntaxTree(old, tree);

            var watch = Stopwatch.StartNew();
            driver = driver.RunGenerators(source);

            Add(rows, "generator (incremental driver)", watch.Elapsed.TotalMilliseconds, edit);
            if (steps)
            {
                foreach (var (name, runs) in driver.GetRunResult().Results[0].TrackedSteps)
                {
                    Add(generatorSteps, name, runs.Sum(r => r.ElapsedTime.TotalMilliseconds), edit);
                }
            }

            // The host keeps the generated documents whose text did not change (an IDE does the same).
            foreach (var result in driver.GetRunResult().Results[0].GeneratedSources)
            {
                var previous = generated[result.SyntaxTree.FilePath];
                if (!ReferenceEquals(previous, result.SyntaxTree) && !previous.GetText().ContentEquals(result.SourceText))
                {
                    full = full.ReplaceSyntaxTree(previous, result.SyntaxTree);
                    generated[result.SyntaxTree.FilePath] = result.SyntaxTree;
                }
            }

            watch.Restart();
            var compilerDiagnostics = full.Clone().GetSemanticModel(tree).GetDiagnostics();
            Add(rows, "compiler: diagnostics of the document", watch.Elapsed.TotalMilliseconds, edit);
            Check(!compilerDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error), "the edit broke the project");

            watch.Restart();
            await AnalyzeAsync(full, tree, nothing, false).ConfigureAwait(false);
            Add(rows, "host: one do-nothing analyzer on the document", watch.Elapsed.TotalMilliseconds, edit);

            watch.Restart();
            await AnalyzeAsync(full, tree, nothingWithOperations, false).ConfigureAwait(false);
            Add(rows, "host: a do-nothing operation-block analyzer on the document", watch.Elapsed.TotalMilliseconds, edit);

            watch.Restart();
            var (found, withAnalyzers) = await AnalyzeAsync(full, tree, ours, true).ConfigureAwait(false);
            Add(rows, "host: our analyzers on the document", watch.Elapsed.TotalMilliseconds, edit);
            Check(found == 0, "our analyzers reported diagnostics on the project");

            var own = 0.0;
            foreach (var analyzer in ours)
            {
                var info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false);
                own += info.ExecutionTime.TotalMilliseconds;
                Add(perAnalyzer, analyzer.GetType().Name, info.ExecutionTime.TotalMilliseconds, edit);
            }

            Add(rows, "our analyzers' own execution (telemetry)", own, edit);
        }

        var generator = rows["generator (incremental driver)"];
        var analyzers = rows["our analyzers' own execution (telemetry)"];
        var compiler = rows["compiler: diagnostics of the document"];
        rows["ours: generator + our analyzers"] = generator.Zip(analyzers, (a, b) => a + b).ToList();
        rows["ours + the compiler's diagnostics of the document"] = generator.Zip(analyzers, (a, b) => a + b).Zip(compiler, (a, b) => a + b).ToList();
        rows["host: added by our analyzers (ours − do-nothing)"] = rows["host: our analyzers on the document"]
            .Zip(rows["host: one do-nothing analyzer on the document"], (a, b) => a - b).ToList();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one-method edits ({(grow ? "changing the file's length" : "same length")}), {edits} after {Warmups} warm-ups; load average {LoadAverage()}"));
        Console.WriteLine("| per edit | median | p25 | p75 |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (name, values) in rows)
        {
            Console.WriteLine(Row(name, values));
        }

        foreach (var (name, values) in perAnalyzer.OrderByDescending(p => Median(p.Value)))
        {
            Console.WriteLine(Row("  " + name, values));
        }

        // With "steps": the generator's tracked steps (their own time as the driver measures it, summed per step).
        foreach (var (name, values) in generatorSteps.OrderByDescending(p => Median(p.Value)))
        {
            Console.WriteLine(Row("  generator step " + name, values));
        }
    }

    private static async Task<(int Found, CompilationWithAnalyzers WithAnalyzers)> AnalyzeAsync(Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers, bool telemetry)
    {
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: telemetry));
        var syntax = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None).ConfigureAwait(false);
        var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(withAnalyzers.Compilation.GetSemanticModel(tree), null, CancellationToken.None).ConfigureAwait(false);
        return (syntax.Length + semantic.Length, withAnalyzers);
    }

    private static string Row(string name, List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(values):F1} ms | {sorted[sorted.Count / 4]:F1} | {sorted[sorted.Count * 3 / 4]:F1} |");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>
    /// Registers for what our method analyzers register for (and, with <c>operations</c>, for operation blocks, which
    /// makes the host build every body's operation tree) and does nothing: the host's own cost.
    /// </summary>
#pragma warning disable RS1001 // Handed to CompilationWithAnalyzers directly, never discovered in an assembly by the attribute.
    private sealed class NothingAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
#pragma warning disable RS2008 // A benchmark's probe, never shipped: it has no release to track.
        private static readonly DiagnosticDescriptor _never = new("NOTHING", "never", "never", "none", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008

        private readonly bool _operations;

        public NothingAnalyzer(bool operations) => _operations = operations;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(_never);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(static _ => { }, SyntaxKind.MethodDeclaration);
            if (_operations)
            {
                context.RegisterOperationBlockAction(static _ => { });
            }
        }
    }
}
