using System.Collections.Immutable;
using System.Globalization;
using AutoDiffGen.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// How much of an edit's analysis is the analyzers' own code: Roslyn's per-analyzer execution time (its telemetry),
/// over edits of one document in the 1,000-method project of <see cref="AnalyzerCostBenchmarks"/>, as opposed to
/// the wall time, which also holds the compiler binding the document and the analyzer driver.
/// Run with <c>-- --analyzer-telemetry</c>.
/// </summary>
internal static class AnalyzerTelemetry
{
    public static async Task RunAsync()
    {
        var analyzers = typeof(DifferentiableMethodAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Enumerable.Range(0, AnalyzerCostBenchmarks.FileCount)
            .Select(f => CSharpSyntaxTree.ParseText(ProjectSource.File(f), options, path: ProjectSource.FileName(f)))
            .ToList();
        Compilation compilation = CSharpCompilation.Create(
            "EditorProject",
            trees,
            [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(Tensor).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        const int Edits = 20;
        var totals = analyzers.ToDictionary(a => a.GetType().Name, _ => TimeSpan.Zero);
        for (var edit = 0; edit < Edits + 5; edit++)
        {
            // An edit of one method body: a space appended to a line of the edited file.
            var old = trees[AnalyzerCostBenchmarks.EditedFile];
            var text = old.GetText();
            var tree = old.WithChangedText(text.WithChanges(new TextChange(new TextSpan(text.Length - 3, 0), edit % 2 == 0 ? " " : "  ")));
            compilation = compilation.ReplaceSyntaxTree(old, tree);
            trees[AnalyzerCostBenchmarks.EditedFile] = tree;

            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(withAnalyzers.Compilation.GetSemanticModel(tree), null, CancellationToken.None).ConfigureAwait(false);
            if (edit < 5)
            {
                continue;
            }

            foreach (var analyzer in analyzers)
            {
                var info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false);
                totals[analyzer.GetType().Name] += info.ExecutionTime;
            }
        }

        Console.WriteLine("analyzer execution time per edit of one document (Roslyn telemetry):");
        foreach (var (name, total) in totals.OrderByDescending(p => p.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-34} {total.TotalMilliseconds / Edits,8:F2} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"all analyzers",-34} {totals.Values.Sum(t => t.TotalMilliseconds) / Edits,8:F2} ms"));
    }
}
