using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace AutoDiffGen.UserLayout.Tests;

/// <summary>An error from the build of the user projects: where, which code, what.</summary>
public sealed record BuildError(string File, int Line, string Code, string Message)
{
    public bool InGeneratedFile => File.EndsWith(".g.cs", StringComparison.Ordinal);

    public override string ToString() => $"{Path.GetFileName(File)}({Line}): {Code}: {Message}";
}

/// <summary>
/// Packs the runtime into a private feed and builds two projects outside the repository against it, as a user
/// would: an app (ImplicitUsings on) and a library it references (ImplicitUsings off). Each source file is one
/// unit (a fuzzed program or a README sample); a unit whose file or generated files fail to compile is taken out
/// and the rest is built again, so one bad unit costs one rebuild, not the run.
/// </summary>
public sealed partial class UserBuild : IDisposable
{
    private static readonly string _templateDir = Path.Combine(AppContext.BaseDirectory, "UserProject");
    private readonly string _root;
    private readonly string _packagesVersionDir;
    private readonly StringBuilder _log = new();

    public UserBuild()
    {
        RepoRoot = FindRepoRoot();
        var ticks = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);
        Version = "0.1.0-t" + ticks;
        _root = Path.Combine(Path.GetTempPath(), "autodiffgen-userlayout-" + ticks);
        Directory.CreateDirectory(_root);
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        _packagesVersionDir = Path.Combine(packages, "autodiffgen", Version);
    }

    public string RepoRoot { get; }

    /// <summary>The package version of this run: unique, so NuGet's global cache never serves an older build.</summary>
    public string Version { get; }

    public string Log => _log.ToString();

    /// <summary>Units (file name → source) that did not compile, with their errors; filled by <see cref="Build"/>.</summary>
    public Dictionary<string, List<BuildError>> Excluded { get; } = [];

    /// <summary>Types declared by a unit under a name of the user's choosing (samples): their generated files belong to it.</summary>
    public Dictionary<string, string> TypeUnits { get; } = [];

    public TimeSpan PackTime { get; private set; }

    public TimeSpan BuildTime { get; private set; }

    public int Builds { get; private set; }

    private static string Configuration =>
        typeof(UserBuild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private static string FindRepoRoot()
    {
        // Set when the test assembly runs from a copy (a long fuzz run beside ongoing edits).
        if (Environment.GetEnvironmentVariable("AUTODIFFGEN_REPO_ROOT") is { Length: > 0 } root)
        {
            return root;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoDiffGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AutoDiffGen.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Packs src/AutoDiffGen (already built: the test project references it) and writes both projects with a
    /// nuget.config that adds the private feed to the user's own sources (no hosts named here: the user-level
    /// NuGet.Config is inherited).
    /// </summary>
    public void Prepare(IReadOnlyDictionary<string, string> appUnits, IReadOnlyDictionary<string, string> libUnits)
    {
        var feed = Path.Combine(_root, "feed");
        var watch = Stopwatch.StartNew();
        var (code, output) = Run("dotnet", ["pack", Path.Combine(RepoRoot, "src", "AutoDiffGen"), "-c", Configuration, "--no-build", "-o", feed, "-p:Version=" + Version, "-nologo"], RepoRoot, TimeSpan.FromMinutes(5));
        PackTime = watch.Elapsed;
        if (code != 0)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + output);
        }

        File.WriteAllText(Path.Combine(_root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="autodiffgen-under-test" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        foreach (var (project, units, extra) in new[] { ("App", appUnits, "Program.cs"), ("Lib", libUnits, "FuzzHarness.cs") })
        {
            var dir = Path.Combine(_root, project);
            Directory.CreateDirectory(dir);
            var csproj = File.ReadAllText(Path.Combine(_templateDir, $"User{project}.csproj.template")).Replace("$(AutoDiffGenVersion)", Version, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, $"User{project}.csproj"), csproj);
            File.Copy(Path.Combine(_templateDir, extra), Path.Combine(dir, extra));
            foreach (var (file, source) in units)
            {
                File.WriteAllText(Path.Combine(dir, file), source);
            }
        }
    }

    /// <summary>Builds, taking out units with errors until the rest builds (at most <paramref name="maxBuilds"/> builds).</summary>
    /// <remarks>
    /// Errors come in rounds: the app is compiled only once the library it references builds, and analyzer
    /// diagnostics (ADG…) may only show once the compiler's own errors are gone. CI's programs build at once.
    /// </remarks>
    public bool Build(int maxBuilds = 10)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            for (var attempt = 0; attempt < maxBuilds; attempt++)
            {
                Builds++;
                var (code, output) = Run("dotnet", ["build", Path.Combine(_root, "App", "UserApp.csproj"), "-c", "Release", "-nologo", "-clp:NoSummary", "-nodeReuse:false", "-p:TreatWarningsAsErrors=false"], _root, TimeSpan.FromMinutes(40));
                if (code == 0)
                {
                    return true;
                }

                var errors = ParseErrors(output);
                var byUnit = errors.GroupBy(e => UnitOf(e.File)).ToList();
                if (errors.Count == 0 || byUnit.Any(g => g.Key is null))
                {
                    _log.Append(output);
                    return false;   // an error outside any unit: the harness or the projects themselves
                }

                foreach (var group in byUnit)
                {
                    var unit = group.Key!;
                    Excluded[unit] = [.. group];
                    foreach (var dir in new[] { "App", "Lib" })
                    {
                        File.Delete(Path.Combine(_root, dir, unit + ".cs"));
                    }
                }
            }

            _log.Append("still failing after ").Append(maxBuilds).Append(" builds");
            return false;
        }
        finally
        {
            BuildTime = watch.Elapsed;
        }
    }

    /// <summary>Runs the app and returns its standard output (and error, appended).</summary>
    public (int ExitCode, string Output) RunApp(TimeSpan timeout)
    {
        var dll = Path.Combine(_root, "App", "bin", "Release", "net10.0", "UserApp.dll");
        return Run("dotnet", [dll], _root, timeout);
    }

    /// <summary>A generated file's text, for a failure report (EmitCompilerGeneratedFiles is on in both projects).</summary>
    public static string? ReadGenerated(BuildError error) => File.Exists(error.File) ? File.ReadAllText(error.File) : null;

    [GeneratedRegex(@"^\s*(?<file>[^\s(][^(]*)\((?<line>\d+),\d+\): error (?<code>[A-Z]+\d+): (?<message>.*?)(?: \[[^\]]*\])?$", RegexOptions.Multiline)]
    private static partial Regex ErrorPattern();

    [GeneratedRegex(@"^(?<unit>(?:Fz|Tz)\d{4}|Sample_\w+?)(?:\.|$)")]
    private static partial Regex UnitPattern();

    internal static List<BuildError> ParseErrors(string output) =>
        [.. ErrorPattern().Matches(output)
            .Select(m => new BuildError(m.Groups["file"].Value.Trim(), int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture), m.Groups["code"].Value, m.Groups["message"].Value.Trim()))
            .Distinct()];

    /// <summary>The unit a file belongs to: its own file (Fz0001.cs) or one generated for it (Fz0001.M0.Gradient.g.cs).</summary>
    internal string? UnitOf(string file)
    {
        var name = Path.GetFileName(file);
        var match = UnitPattern().Match(name);
        return match.Success ? match.Groups["unit"].Value : TypeUnits.GetValueOrDefault(name.Split('.')[0]);
    }

    private static (int Code, string Output) Run(string exe, string[] args, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(exe)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host's MSBuild variables would point the child build at the repository's SDK resolver state.
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, stdout.Result + stderr.Result + $"\n(killed after {timeout.TotalSeconds} s)");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Removes the temporary projects and this run's copy of the package from NuGet's global cache.</summary>
    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("AUTODIFFGEN_USERLAYOUT_KEEP") != "1")
        {
            TryDelete(_root);
        }

        TryDelete(_packagesVersionDir);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test run on cleanup.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
