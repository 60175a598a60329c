using System.Diagnostics;
using System.Text.RegularExpressions;
using AutoDiffGen.UserLayout.Tests.Fuzz;

namespace AutoDiffGen.UserLayout.Tests;

/// <summary>
/// One pack, one user build (plus one rebuild per batch of units that fail to compile) and one run, shared by the
/// fuzz and sample tests: the machine is small, so everything that must be built as a user goes into one build.
/// </summary>
public sealed partial class UserLayoutFixture : IDisposable
{
    public UserLayoutFixture()
    {
        var watch = Stopwatch.StartNew();
        Build = new UserBuild();
        Config = FuzzConfig.FromEnvironment();
        Programs = FuzzPrograms.Generate(Config);
        (Samples, Unmarked) = MarkdownSamples.Read(Build.RepoRoot);
        var app = new Dictionary<string, string>();
        var lib = new Dictionary<string, string>();
        foreach (var program in Programs)
        {
            (program.ImplicitUsings ? app : lib)[program.ClassName + ".cs"] = program.Source;
        }

        foreach (var sample in Samples.Where(s => s.Skip is null))
        {
            var (source, types) = MarkdownSamples.Place(sample);
            app[sample.Unit + ".cs"] = source;
            SampleSources[sample.Unit] = source;
            foreach (var type in types)
            {
                Build.TypeUnits[type] = sample.Unit;
            }
        }

        Build.Prepare(app, lib);
        Built = Build.Build();
        if (Built)
        {
            var runWatch = Stopwatch.StartNew();
            (ExitCode, Output) = Build.RunApp(TimeSpan.FromMinutes(30));
            RunTime = runWatch.Elapsed;
            foreach (Match m in ResultPattern().Matches(Output))
            {
                Results[m.Groups["id"].Value] = (m.Groups["status"].Value == "OK", m.Groups["rest"].Value.Trim());
            }
        }

        TotalTime = watch.Elapsed;
    }

    public UserBuild Build { get; }

    public FuzzConfig Config { get; }

    public IReadOnlyList<FuzzProgram> Programs { get; }

    public List<MarkdownSample> Samples { get; }

    public List<string> Unmarked { get; }

    public Dictionary<string, string> SampleSources { get; } = [];

    public bool Built { get; }

    public int ExitCode { get; }

    public string Output { get; } = "";

    /// <summary>Each checked method (Fz0001.M0) → passed, and the rest of its line (counts or the failure).</summary>
    public Dictionary<string, (bool Ok, string Detail)> Results { get; } = [];

    public TimeSpan RunTime { get; }

    public TimeSpan TotalTime { get; }

    [GeneratedRegex(@"^FUZZ (?<status>OK|FAIL) (?<id>\S+) (?<rest>.*)$", RegexOptions.Multiline)]
    private static partial Regex ResultPattern();

    public void Dispose() => Build.Dispose();
}

[CollectionDefinition(Name)]
public sealed class UserLayoutCollection : ICollectionFixture<UserLayoutFixture>
{
    public const string Name = "user layout";
}
