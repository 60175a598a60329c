using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using AutoDiffGen.Generators;
using AutoDiffGen.Generators.Analyzers;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// Editor-time cost: on a generated project of 1,000 [Differentiable] methods in 50 files, what one edit of one
/// method costs the generator (incremental driver, warm) and the analyzers (run on the edited document, as the IDE
/// does), next to the compiler's own diagnostics of that document. Target: generator + analyzers ≤ 50 ms median.
/// Every invocation is a real edit: one constant in one method body flips between two values.
/// The wall times here include the compiler binding the document (the analyzer host does it before any analyzer
/// runs); <c>-- --analyzer-telemetry</c> (<see cref="EditorBreakdown"/>) separates ours (the generator and our
/// analyzers' own execution) from the compiler's diagnostics of the document and the host, edit by edit.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class AnalyzerCostBenchmarks
{
    public const int FileCount = 50;
    public const int MethodsPerFile = 20;

    /// <summary>The file and method the edits change (method 0 of the file), and the constant they flip.</summary>
    internal const int EditedFile = 25;
    internal const string EditedConstant = "1.5";
    private const string EditedMethod = "Scalar0";
    private const string OtherConstant = "2.5";

    private static readonly CSharpParseOptions _parseOptions = new(LanguageVersion.Latest);

    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers = AllAnalyzers();

    private readonly List<string> _analyzerFailures = [];
    private CompilationWithAnalyzersOptions _analyzerOptions = null!;

    // The user's sources alone (what the generator sees) and with the generated files (what the compiler and the
    // analyzers see); the edited tree as it is in both; the warm driver.
    private Compilation _source = null!;
    private Compilation _full = null!;
    private SyntaxTree _sourceTree = null!;
    private SyntaxTree _fullTree = null!;
    private Dictionary<string, SyntaxTree> _generated = null!;
    private GeneratorDriver _driver = null!;
    private TextSpan _constantSpan;

    [GlobalSetup]
    public void Setup()
    {
        _analyzerOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (e, analyzer, _) => _analyzerFailures.Add(analyzer.GetType().Name + ": " + e),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);

        var trees = Enumerable.Range(0, FileCount)
            .Select(f => CSharpSyntaxTree.ParseText(ProjectSource.File(f), _parseOptions, path: ProjectSource.FileName(f)))
            .ToList();
        _source = CreateCompilation(trees);
        _sourceTree = trees[EditedFile];
        _fullTree = _sourceTree;
        _constantSpan = FindConstant(_sourceTree.GetText().ToString());

        _driver = CSharpGeneratorDriver.Create(
            [new DifferentiableGenerator().AsSourceGenerator()],
            parseOptions: _parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
        _driver = _driver.RunGeneratorsAndUpdateCompilation(_source, out _full, out var generatorDiagnostics);

        // The project must be one the generator handles cleanly, or the figures would measure error paths.
        var run = _driver.GetRunResult();
        _generated = run.GeneratedTrees.ToDictionary(t => t.FilePath, StringComparer.Ordinal);
        var generated = run.GeneratedTrees.Length;
        Check(generated == FileCount * MethodsPerFile, $"expected {FileCount * MethodsPerFile} generated files, got {generated}");
        Check(generatorDiagnostics.IsEmpty, "generator diagnostics: " + string.Join("; ", generatorDiagnostics.Take(5)));
        var compileErrors = _full.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Check(compileErrors.Count == 0, "compile errors: " + string.Join("; ", compileErrors.Take(5)));
        var analyzerDiagnostics = _full.WithAnalyzers(_analyzers, _analyzerOptions).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Check(analyzerDiagnostics.IsEmpty, "analyzer diagnostics: " + string.Join("; ", analyzerDiagnostics.Take(5)));
        Check(_analyzerFailures.Count == 0, "analyzer threw: " + string.Join("; ", _analyzerFailures));

        // Warm every path once, so the first measured edit is not the first of its kind.
        _ = CompileOnly();
        _ = Analyzers().GetAwaiter().GetResult();
        _ = Generator();
        _ = Both().GetAwaiter().GetResult();
    }

    /// <summary>Every analyzer of the generator assembly, in name order.</summary>
    internal static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() => typeof(DifferentiableMethodAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The project's compilation: the given files against .NET 10 and the AutoDiffGen runtime.</summary>
    internal static Compilation CreateCompilation(IEnumerable<SyntaxTree> trees) => CSharpCompilation.Create(
        "EditorProject",
        trees,
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(Tensor).Assembly.Location)],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    [GlobalCleanup]
    public void Cleanup() => Check(_analyzerFailures.Count == 0, "analyzer threw: " + string.Join("; ", _analyzerFailures));

    /// <summary>The baseline: the edit, then the compiler's diagnostics of the edited document.</summary>
    [Benchmark(Baseline = true, Description = "edit + compiler diagnostics of the document")]
    public int EditOneMethod_CompileOnly() => CompileOnly();

    /// <summary>The edit, then the warm incremental driver re-run on the new compilation.</summary>
    [Benchmark(Description = "edit + generator (incremental driver)")]
    public int EditOneMethod_Generator() => Generator();

    /// <summary>The edit, then every analyzer on the edited document (syntax and semantic diagnostics).</summary>
    [Benchmark(Description = "edit + analyzers on the document")]
    public Task<int> EditOneMethod_Analyzers() => Analyzers();

    /// <summary>The headline: the edit, the generator, then the analyzers on the compilation with its output.</summary>
    [Benchmark(Description = "edit + generator + analyzers")]
    public Task<int> EditOneMethod_Both() => Both();

    private int CompileOnly()
    {
        _full = Edit(_full, ref _fullTree);
        return _full.GetSemanticModel(_fullTree).GetDiagnostics().Length;
    }

    private int Generator()
    {
        _source = Edit(_source, ref _sourceTree);
        _driver = _driver.RunGenerators(_source);
        return _driver.GetRunResult().GeneratedTrees.Length;
    }

    private Task<int> Analyzers()
    {
        _full = Edit(_full, ref _fullTree);
        return AnalyzeAsync(_full, _fullTree);
    }

    private Task<int> Both()
    {
        _source = Edit(_source, ref _sourceTree);
        _driver = _driver.RunGenerators(_source);

        // The previous compilation with generated files, with the edited document swapped in and each generated
        // file whose text changed (the driver hands back all 1,000 as new trees after any change; an IDE keeps a
        // generated document whose text is the same). Adding the 1,000 generated files afresh to the new source
        // compilation (RunGeneratorsAndUpdateCompilation) cost ~2.1 s in all here; replacing all 1,000 ~0.5 s.
        _full = _full.ReplaceSyntaxTree(_fullTree, _sourceTree);
        _fullTree = _sourceTree;
        foreach (var source in _driver.GetRunResult().Results[0].GeneratedSources)
        {
            var previous = _generated[source.SyntaxTree.FilePath];
            if (!ReferenceEquals(previous, source.SyntaxTree) && !previous.GetText().ContentEquals(source.SourceText))
            {
                _full = _full.ReplaceSyntaxTree(previous, source.SyntaxTree);
                _generated[source.SyntaxTree.FilePath] = source.SyntaxTree;
            }
        }

        return AnalyzeAsync(_full, _fullTree);
    }

    /// <summary>
    /// Flips the constant in the edited method of <paramref name="tree"/> (an incremental reparse of one file, as
    /// the IDE does) and returns the compilation with the edited tree in its place.
    /// </summary>
    private Compilation Edit(Compilation compilation, ref SyntaxTree tree)
    {
        var old = tree;
        var text = old.GetText();
        var replacement = text.ToString(_constantSpan) == EditedConstant ? OtherConstant : EditedConstant;
        tree = old.WithChangedText(text.WithChanges(new TextChange(_constantSpan, replacement)));
        return compilation.ReplaceSyntaxTree(old, tree);
    }

    /// <summary>A new CompilationWithAnalyzers per edit (the compilation changed), analyzing one document.</summary>
    private async Task<int> AnalyzeAsync(Compilation compilation, SyntaxTree tree)
    {
        var withAnalyzers = compilation.WithAnalyzers(_analyzers, _analyzerOptions);
        var syntax = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None).ConfigureAwait(false);
        var model = withAnalyzers.Compilation.GetSemanticModel(tree);
        var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).ConfigureAwait(false);
        return syntax.Length + semantic.Length;
    }

    private static TextSpan FindConstant(string text)
    {
        var method = text.IndexOf(" " + EditedMethod + "(", StringComparison.Ordinal);
        var constant = text.IndexOf(EditedConstant, method, StringComparison.Ordinal);
        Check(method >= 0 && constant >= 0, "edited constant not found");
        return new TextSpan(constant, EditedConstant.Length);
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}

/// <summary>
/// The generated project: 50 files, each a static partial class of 20 [Differentiable] methods of five kinds
/// (scalar with Math calls and an if; scalar with a for loop; tensor with MatMul, Exp, Sum and Mean; and a scalar
/// and a tensor method calling the others). Constants vary with the method's index.
/// </summary>
internal static class ProjectSource
{
    public static string FileName(int file) => $"Model{file:D2}.cs";

    public static string File(int file)
    {
        var s = new StringBuilder();
        s.Append("using System;\nusing AutoDiffGen;\n\nnamespace EditorProject.Models;\n\n");
        s.Append(CultureInfo.InvariantCulture, $"public static partial class Model{file:D2}\n{{\n");
        for (var m = 0; m < AnalyzerCostBenchmarks.MethodsPerFile; m++)
        {
            if (m > 0)
            {
                s.Append('\n');
            }

            s.Append(Method(file, m));
        }

        s.Append("}\n");
        return s.ToString();
    }

    // A constant that differs between methods and never reads "1.5" (the edited method's own constant).
    private static string C(int file, int method, int k) => (0.11 + (((file * 31) + (method * 7) + (k * 3)) % 23 * 0.04)).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Method(int f, int m) => (m % 5) switch
    {
        0 => $$"""
                [Differentiable]
                public static double Scalar{{m}}(double x, double y)
                {
                    var a = (Math.Sin(x) * y) + {{(f == AnalyzerCostBenchmarks.EditedFile && m == 0 ? AnalyzerCostBenchmarks.EditedConstant : C(f, m, 0))}};
                    var b = Math.Exp(a * {{C(f, m, 1)}}) + Math.Pow(y, 2);
                    if (x > y)
                    {
                        a = a * b;
                    }

                    return (a * {{C(f, m, 2)}}) - (b / (1 + (x * x)));
                }

            """,
        1 => $$"""
                [Differentiable]
                public static double Loop{{m}}(double x, double y, int n)
                {
                    var acc = {{C(f, m, 0)}};
                    for (var i = 0; i < n; i++)
                    {
                        acc = (acc * Math.Cos(x)) + (y * {{C(f, m, 1)}});
                    }

                    return acc + Math.Pow(x, 3);
                }

            """,
        2 => $$"""
                [Differentiable]
                public static Tensor Tensor{{m}}(Tensor w, Tensor b, [NoDiff] Tensor x)
                {
                    var h = (Tensor.MatMul(x, w) + b).Exp();
                    var s = h.Sum(1) * {{C(f, m, 0)}};
                    return s.Mean() + (w.Square().Sum() * {{C(f, m, 1)}});
                }

            """,
        3 => $$"""
                [Differentiable]
                public static double Composite{{m}}(double x, double y)
                {
                    var s = Scalar{{m - 3}}(x, y);
                    var t = Loop{{m - 2}}(y, s, 3) * {{C(f, m, 0)}};
                    return Math.Exp(-(s * s)) + t;
                }

            """,
        _ => $$"""
                [Differentiable]
                public static Tensor Layered{{m}}(Tensor w, Tensor b, [NoDiff] Tensor x)
                {
                    var first = Tensor{{m - 2}}(w, b, x);
                    var h = Tensor.MatMul(x, w).Exp().Mean();
                    return (first * {{C(f, m, 0)}}) + h;
                }

            """,
    };
}
