using System.Globalization;
using System.Text;
using AutoDiffGen.UserLayout.Tests.Fuzz;
using Xunit.Abstractions;

namespace AutoDiffGen.UserLayout.Tests;

/// <summary>
/// The differential fuzzer: random [Differentiable] programs, built as a user builds them, each method's
/// WithGradient value checked bit for bit against the method and its gradient against finite differences.
/// CI runs a fixed seed; AUTODIFFGEN_FUZZ_SEED=random AUTODIFFGEN_FUZZ_COUNT=2000 runs more (see README).
/// </summary>
[Collection(UserLayoutCollection.Name)]
public sealed class FuzzTests(UserLayoutFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Generated_programs_compile_and_their_gradients_match_finite_differences()
    {
        Assert.True(fixture.Built, "the user projects did not build (an error outside the generated programs):\n" + Tail(fixture.Build.Log, 6000));
        Assert.Contains("FUZZ SELFTEST OK", fixture.Output, StringComparison.Ordinal);
        var report = FuzzReport.Create(fixture);
        output.WriteLine(report.Summary);
        if (Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_REPORT") is { Length: > 0 } path)
        {
            File.WriteAllText(path, report.Summary + "\n" + report.Failures);
        }

        Assert.True(report.FailureCount == 0, report.Summary + "\n" + report.Failures);
        Assert.True(report.JudgedPoints > 0, "no point was judged: " + report.Summary);
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}

/// <summary>The generator's own properties (no build: outside the user-layout collection).</summary>
public sealed class FuzzGeneratorTests
{
    [Fact]
    public void The_same_seed_writes_the_same_programs()
    {
        var config = new FuzzConfig(1234, 5, 3, FuzzConfig.All);
        var first = FuzzPrograms.Generate(config).Select(p => p.Source);
        var second = FuzzPrograms.Generate(config).Select(p => p.Source);
        Assert.Equal(first, second);
        Assert.NotEqual(first, FuzzPrograms.Generate(config with { Seed = 1235 }).Select(p => p.Source));
    }

    [Fact]
    public void Feature_switches_parse_from_the_environment_syntax()
    {
        Assert.Equal(FuzzConfig.PassingToday, FuzzConfig.ParseFeatures(null));
        Assert.Equal(FuzzConfig.All, FuzzConfig.ParseFeatures("all"));
        Assert.Equal(FuzzConfig.PassingToday | Feature.IncDec, FuzzConfig.ParseFeatures("+IncDec"));
        Assert.Equal(Feature.For | Feature.IfElse, FuzzConfig.ParseFeatures("For, IfElse"));
    }
}

/// <summary>The fuzz run's counts per category and the failures, each with its seed and source.</summary>
internal sealed class FuzzReport
{
    public string Summary { get; private init; } = "";

    public string Failures { get; private init; } = "";

    public int FailureCount { get; private init; }

    public int JudgedPoints { get; private init; }

    public static FuzzReport Create(UserLayoutFixture fixture)
    {
        var config = fixture.Config;
        var onlySupported = (config.Features & ~FuzzConfig.PassingToday) == 0;
        var failures = new StringBuilder();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Count(string key, int by = 1) => counts[key] = counts.GetValueOrDefault(key) + by;
        var failureCount = 0;
        var judged = 0;
        var skipped = 0;
        var lastBits = 0;
        foreach (var program in fixture.Programs)
        {
            var kind = program.ClassName.StartsWith("Fz", StringComparison.Ordinal) ? "scalar" : "tensor";
            Count($"{kind} methods", program.Methods.Count);
            if (fixture.Build.Excluded.TryGetValue(program.ClassName, out var errors))
            {
                // A rejected method has no WithGradient, so the program's checks fail to compile too (CS0117).
                var category = errors.Any(e => e.InGeneratedFile) ? "generated code does not compile"
                    : errors.Any(e => e.Code == "ADG0900") ? "generator failed (ADG0900)"
                    : errors.Any(e => e.Code.StartsWith("ADG", StringComparison.Ordinal)) ? "rejected"
                    : "fuzzer wrote invalid C#";
                var codes = string.Join(",", errors.Select(e => e.Code).Distinct().Order(StringComparer.Ordinal));
                Count($"{kind} programs: {category} ({codes})");
                foreach (var reason in errors.Where(e => e.Code.StartsWith("ADG", StringComparison.Ordinal)).Select(Reason).Distinct(StringComparer.Ordinal))
                {
                    Count($"{kind} programs with {reason}");
                }

                if (category != "rejected" || onlySupported)
                {
                    failureCount++;
                    failures.Append(CultureInfo.InvariantCulture, $"\n=== {program.ClassName} (program seed {program.Seed}): {category}\n");
                    foreach (var error in errors.Take(5))
                    {
                        failures.Append("  ").Append(error).Append('\n');
                        if (error.InGeneratedFile && UserBuild.ReadGenerated(error) is { } generated)
                        {
                            var lines = generated.Split('\n');
                            var from = Math.Max(0, error.Line - 3);
                            failures.Append("    generated: ").Append(string.Join("\n    generated: ", lines[from..Math.Min(lines.Length, error.Line + 2)])).Append('\n');
                        }
                    }

                    failures.Append(program.Source);
                }

                continue;
            }

            Count($"{kind} programs compiled");
            foreach (var method in program.Methods)
            {
                var id = $"{program.ClassName}.{method}";
                if (!fixture.Results.TryGetValue(id, out var result))
                {
                    result = (false, "crash: no result line (the process ended early; exit code " + fixture.ExitCode + ")");
                }

                if (result.Ok)
                {
                    Count($"{kind} methods passed");
                    judged += Number(result.Detail, "judged=");
                    skipped += Number(result.Detail, "skipped=");
                    lastBits += Number(result.Detail, "lastbits=");
                    continue;
                }

                var category = result.Detail.Split(':')[0];
                Count($"{kind} methods failed: {category}");
                failureCount++;
                failures.Append(CultureInfo.InvariantCulture, $"\n=== {id} (program seed {program.Seed}): {result.Detail}\n{program.MethodSource(method)}\n--- whole program:\n{program.Source}");
            }
        }

        var summary = new StringBuilder();
        summary.Append(CultureInfo.InvariantCulture, $"fuzz seed {config.Seed}: {config.ScalarPrograms} scalar and {config.TensorPrograms} tensor programs, features: {config.Features}\n");
        summary.Append(CultureInfo.InvariantCulture, $"  reproduce: AUTODIFFGEN_FUZZ_SEED={config.Seed} AUTODIFFGEN_FUZZ_COUNT={config.ScalarPrograms} AUTODIFFGEN_FUZZ_TENSOR_COUNT={config.TensorPrograms} AUTODIFFGEN_FUZZ_FEATURES=\"{config.Features}\"\n");
        foreach (var (key, value) in counts)
        {
            summary.Append(CultureInfo.InvariantCulture, $"  {key}: {value}\n");
        }

        summary.Append(CultureInfo.InvariantCulture, $"  points judged: {judged}, skipped (not smooth, or too large): {skipped}; tensor values that differ from the method's in the last bits (TensorValueBits off): {lastBits}\n");
        summary.Append(CultureInfo.InvariantCulture, $"  pack {fixture.Build.PackTime.TotalSeconds:F0} s, {fixture.Build.Builds} build(s) {fixture.Build.BuildTime.TotalSeconds:F0} s, run {fixture.RunTime.TotalSeconds:F0} s, total {fixture.TotalTime.TotalSeconds:F0} s\n");
        summary.Append(CultureInfo.InvariantCulture, $"  failures: {failureCount}{(onlySupported ? " (rejections count: every feature on is supposed to work)" : " (rejections are counted, not failures: unsupported features are on)")}\n");
        return new FuzzReport { Summary = summary.ToString(), Failures = failures.ToString(), FailureCount = failureCount, JudgedPoints = judged };
    }

    /// <summary>A diagnostic without the method's name or the link: what was rejected, to count programs by it.</summary>
    private static string Reason(BuildError error)
    {
        var message = error.Message;
        var cut = message.IndexOf(" (https://", StringComparison.Ordinal);
        message = cut < 0 ? message : message[..cut];
        message = System.Text.RegularExpressions.Regex.Replace(message, @"'M\d'", "'M'");
        return $"{error.Code}: {(message.Length > 110 ? message[..110] + "…" : message)}";
    }

    private static int Number(string detail, string key)
    {
        var at = detail.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return 0;
        }

        var digits = new string([.. detail[(at + key.Length)..].TakeWhile(char.IsDigit)]);
        return int.Parse(digits, CultureInfo.InvariantCulture);
    }
}
