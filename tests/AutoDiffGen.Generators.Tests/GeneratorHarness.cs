using System.Collections.Immutable;
using AutoDiffGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generators.Tests;

/// <summary>Compiles source text against .NET 10 and the AutoDiffGen runtime and runs the generator over it.</summary>
internal static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> _references =
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(Tensor).Assembly.Location)];

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "UserCode",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        _references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Compiles with the given options (a console application, nullable off, …) instead of the defaults.</summary>
    public static CSharpCompilation Compile(CSharpCompilationOptions options, params string[] sources) =>
        Compile(sources).WithOptions(options);

    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        [new DifferentiableGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the run result and the compilation with the generated files added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(params string[] sources)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(Compile(sources), out var output, out var diagnostics);
        return (driver.GetRunResult(), output, diagnostics);
    }

    /// <summary>Runs the generator over a compilation made with <paramref name="options"/>.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(CSharpCompilationOptions options, params string[] sources)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(Compile(options, sources), out var output, out var diagnostics);
        return (driver.GetRunResult(), output, diagnostics);
    }

    public static string Sources(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sources", name));

    /// <summary>Global usings the test project's sources rely on (implicit usings are not on in these compilations).</summary>
    public const string Usings = "global using System;\nglobal using System.Linq;\nglobal using AutoDiffGen;\n";
}
