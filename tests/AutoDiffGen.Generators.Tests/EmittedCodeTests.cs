using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// The generated files are checked in under Baselines/. After an intended change, regenerate them with
/// <c>AUTODIFFGEN_UPDATE_BASELINES=1 dotnet test tests/AutoDiffGen.Generators.Tests</c> and review the diff.
/// </summary>
public class EmittedCodeTests
{
    public static TheoryData<string> SampleFiles => new() { "TutorialFunctions.cs", "TensorFunctions.cs", "Branches.cs", "Composition.cs", "Loops.cs", "Restoration.cs", "CompositeTable.cs", "Models.cs", "InheritanceModels.cs" };

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Generated_files_match_the_baselines_and_compile_cleanly(string file)
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, GeneratorHarness.Sources(file));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var generated = result.Results.Single().GeneratedSources;
        Assert.NotEmpty(generated);
        var baselines = Path.Combine(FindSourceDirectory(), "Baselines");
        var update = Environment.GetEnvironmentVariable("AUTODIFFGEN_UPDATE_BASELINES") == "1";
        foreach (var source in generated)
        {
            var text = source.SourceText.ToString();
            var path = Path.Combine(baselines, source.HintName);
            if (update)
            {
                var temp = path + ".tmp";
                File.WriteAllText(temp, text);
                File.Move(temp, path, overwrite: true);
                continue;
            }

            Assert.True(File.Exists(path), $"No baseline for {source.HintName}; run with AUTODIFFGEN_UPDATE_BASELINES=1 to create it.");
            Assert.Equal(File.ReadAllText(path), text);
        }
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Output_is_byte_identical_across_runs(string file)
    {
        var source = GeneratorHarness.Sources(file);
        var first = GeneratorHarness.Run(GeneratorHarness.Usings, source).Result.Results.Single().GeneratedSources;
        var second = GeneratorHarness.Run(GeneratorHarness.Usings, source).Result.Results.Single().GeneratedSources;
        Assert.Equal(first.Select(s => (s.HintName, s.SourceText.ToString())), second.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    private static string FindSourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "AutoDiffGen.Generators.Tests");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/AutoDiffGen.Generators.Tests not found above " + AppContext.BaseDirectory);
    }
}
