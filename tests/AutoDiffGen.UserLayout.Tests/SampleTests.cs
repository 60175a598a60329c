namespace AutoDiffGen.UserLayout.Tests;

/// <summary>
/// The C# samples of README.md and docs/*.md, extracted at test time and built against the packed package in a
/// project outside the repository (see <see cref="MarkdownSamples"/> for the marker that says how a block is placed).
/// </summary>
[Collection(UserLayoutCollection.Name)]
public sealed class SampleTests(UserLayoutFixture fixture)
{
    [Fact]
    public void Every_csharp_block_in_the_docs_says_how_it_is_checked()
    {
        Assert.True(fixture.Unmarked.Count == 0, "```csharp blocks with no <!-- user-layout: … --> marker on the line before: " + string.Join(", ", fixture.Unmarked));
        Assert.All(fixture.Samples.Where(s => s.Skip is not null), s => Assert.False(string.IsNullOrWhiteSpace(s.Skip), $"{s.Document}:{s.Line}: a skip needs a reason"));
        Assert.Contains(fixture.Samples, s => s.Document == "README.md" && s.Skip is null);
    }

    [Fact]
    public void The_samples_compile_in_a_user_project_against_the_packed_package()
    {
        Assert.True(fixture.Built, "the user projects did not build:\n" + fixture.Build.Log);
        var failed = fixture.Samples
            .Where(s => s.Skip is null && fixture.Build.Excluded.ContainsKey(s.Unit))
            .Select(s => $"{s.Document}:{s.Line} ({s.Unit}):\n  {string.Join("\n  ", fixture.Build.Excluded[s.Unit])}\n--- placed as:\n{fixture.SampleSources[s.Unit]}")
            .ToList();
        Assert.True(failed.Count == 0, string.Join("\n\n", failed));
    }
}
