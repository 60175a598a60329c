using System.Collections.Immutable;
using System.Text;
using AutoDiffGen.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// Runs analyzers over source text the way a build does (generated files included) and checks what they report.
/// Sources may mark expected spans as <c>[|…|]</c>; <see cref="Markup"/> strips the marks and returns the spans.
/// Any exception inside an analyzer fails the test (in a build it would be AD0001).
/// </summary>
internal static class AnalyzerHarness
{
    /// <summary>Every analyzer the generator assembly ships.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> All { get; } = typeof(DifferentiableMethodAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static async Task<ImmutableArray<Diagnostic>> RunAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, params string[] sources)
    {
        var (_, output, _) = GeneratorHarness.Run(sources);
        var failures = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (e, analyzer, _) => failures.Add(analyzer.GetType().Name + ": " + e),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await output.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.True(failures.Count == 0, "analyzer threw: " + string.Join("\n", failures));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>Every diagnostic of all analyzers for one source file (plus the global usings).</summary>
    public static Task<ImmutableArray<Diagnostic>> RunAsync(string source) => RunAsync(All, GeneratorHarness.Usings, source);

    /// <summary>Strips <c>[|</c> and <c>|]</c> marks from source text and returns the spans they enclosed.</summary>
    public static (string Source, ImmutableArray<TextSpan> Spans) Markup(string marked)
    {
        var text = new StringBuilder();
        var spans = ImmutableArray.CreateBuilder<TextSpan>();
        var starts = new Stack<int>();
        for (var i = 0; i < marked.Length; i++)
        {
            if (i + 1 < marked.Length && marked[i] == '[' && marked[i + 1] == '|')
            {
                starts.Push(text.Length);
                i++;
            }
            else if (i + 1 < marked.Length && marked[i] == '|' && marked[i + 1] == ']')
            {
                var start = starts.Pop();
                spans.Add(TextSpan.FromBounds(start, text.Length));
                i++;
            }
            else
            {
                text.Append(marked[i]);
            }
        }

        return (text.ToString(), spans.OrderBy(s => s.Start).ToImmutableArray());
    }

    /// <summary>
    /// Asserts that the analyzers report exactly the marked spans for <paramref name="id"/> (and nothing else of
    /// that id), each message containing <paramref name="messageParts"/>; returns the diagnostics.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> ExpectAsync(string id, string marked, params string[] messageParts)
    {
        var (source, spans) = Markup(marked);
        var all = await RunAsync(source);
        var found = all.Where(d => d.Id == id).ToImmutableArray();
        Assert.True(
            found.Select(d => d.Location.SourceSpan).SequenceEqual(spans),
            $"expected {id} at [{string.Join(", ", spans.Select(s => Quote(source, s)))}], got: {string.Join("; ", all.Select(d => d + " at " + Quote(source, d.Location.SourceSpan)))}");
        foreach (var diagnostic in found)
        {
            Assert.Equal("Source1.cs", diagnostic.Location.SourceTree?.FilePath);
            foreach (var part in messageParts)
            {
                Assert.Contains(part, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }
        }

        return found;
    }

    /// <summary>Asserts that the analyzers report nothing of <paramref name="id"/> for the source.</summary>
    public static async Task ExpectNoneAsync(string id, string source)
    {
        var all = await RunAsync(source);
        Assert.True(all.All(d => d.Id != id), $"expected no {id}, got: {string.Join("; ", all.Where(d => d.Id == id))}");
    }

    private static string Quote(string source, TextSpan span) => "'" + source.Substring(span.Start, span.Length) + "'";
}
