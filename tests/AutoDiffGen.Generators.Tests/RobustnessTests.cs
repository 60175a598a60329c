using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests;

/// <summary>Half-typed code must never make the generator throw (CS8785) nor an analyzer (AD0001).</summary>
public class RobustnessTests
{
    public static TheoryData<string> SampleFiles => new() { "TutorialFunctions.cs", "TensorFunctions.cs", "Branches.cs", "Composition.cs", "Loops.cs", "Restoration.cs", "CompositeTable.cs", "Constructs.cs", "Models.cs", "InheritanceModels.cs" };

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_prefix_of_a_sample_file_runs_without_a_generator_failure(string file)
    {
        var source = GeneratorHarness.Sources(file);

        // Every character position would be thousands of compilations; a stride of 3 (wider for long files, about
        // 700 prefixes each) keeps the test fast while still cutting through every kind of token and half statement.
        var stride = Math.Max(3, source.Length / 700);
        var driver = GeneratorHarness.Driver();
        for (var length = 0; length <= source.Length; length += length < source.Length - stride ? stride : 1)
        {
            var compilation = GeneratorHarness.Compile(GeneratorHarness.Usings, source[..length]);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
            var result = driver.GetRunResult().Results.Single();
            Assert.True(result.Exception is null, $"prefix of {length} chars: {result.Exception}");
            Assert.True(!diagnostics.Any(d => d.Id is "CS8785" or "ADG0900"), $"prefix of {length} chars ending in: {source[Math.Max(0, length - 60)..length]}\n{string.Join("\n", diagnostics.Where(d => d.Id is "CS8785" or "ADG0900"))}");
        }
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task Every_prefix_of_a_sample_file_runs_the_analyzers_without_an_exception(string file)
    {
        // The analyzers see the same half-typed code in the IDE; an exception would be AD0001. The harness fails on
        // any analyzer exception. About 120 prefixes per file: each runs the generator and all analyzers.
        var source = GeneratorHarness.Sources(file);
        var stride = Math.Max(7, source.Length / 120);
        for (var length = 0; length <= source.Length; length += length < source.Length - stride ? stride : 1)
        {
            await AnalyzerHarness.RunAsync(AnalyzerHarness.All, GeneratorHarness.Usings, source[..length]);
        }
    }
}
