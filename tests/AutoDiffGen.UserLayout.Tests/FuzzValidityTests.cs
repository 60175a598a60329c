using AutoDiffGen.UserLayout.Tests.Fuzz;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.UserLayout.Tests;

/// <summary>
/// Every feature's programs are valid C# before any generator sees them: compiled here without the generator (a
/// stand-in [Differentiable] attribute, the check classes left out since they call the generated methods), so a
/// fuzz failure is always the generator's, never the fuzzer's. Fast: no pack, no user build.
/// </summary>
public sealed class FuzzValidityTests
{
    private const string Attribute = "namespace AutoDiffGen { [System.AttributeUsage(System.AttributeTargets.Method)] public sealed class DifferentiableAttribute : System.Attribute { } }";

    private const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.Linq;";

    private static readonly Lazy<MetadataReference[]> _references = new(() => [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
        .Select(p => MetadataReference.CreateFromFile(p))]);

    public static TheoryData<string> Features()
    {
        var data = new TheoryData<string>();
        foreach (var name in Enum.GetNames<Feature>().Where(n => n != nameof(Feature.None)))
        {
            data.Add(name);
        }

        data.Add("all");
        return data;
    }

    [Theory]
    [MemberData(nameof(Features))]
    public void Scalar_programs_with_the_feature_on_are_valid_CSharp(string feature)
    {
        var features = FuzzConfig.ParseFeatures(feature == "all" ? "all" : "+" + feature);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(Attribute, parse), CSharpSyntaxTree.ParseText(ImplicitUsings, parse) };
        var rng = new Random(feature.Length * 7919);
        for (var p = 0; p < 40; p++)
        {
            var program = FuzzPrograms.Scalar($"Fz{p:D4}", rng.Next(), features, implicitUsings: p % 2 == 0);
            var source = program.Source[..program.Source.IndexOf($"public static class {program.ClassName}_Check", StringComparison.Ordinal)];
            trees.Add(CSharpSyntaxTree.ParseText(source, parse, path: program.ClassName + ".cs"));
        }

        var compilation = CSharpCompilation.Create(
            "FuzzValidity",
            trees,
            _references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10).Select(e => e + "\n    " + Line(e))));
    }

    private static string Line(Diagnostic error)
    {
        var span = error.Location.GetLineSpan();
        var text = error.Location.SourceTree!.GetText();
        return text.Lines[span.StartLinePosition.Line].ToString().Trim();
    }
}
