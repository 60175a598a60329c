using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.UserLayout.Tests;

/// <summary>A ```csharp block of README.md or docs/*.md and how its marker says to place it.</summary>
/// <param name="Unit">The unit's name in the user project: Sample_README_2 is README's second csharp block.</param>
/// <param name="Given">Parameters for the names the block uses but does not declare ("Tensor w, Tensor b").</param>
/// <param name="Skip">Why the block is not compiled, when its marker says skip; null otherwise.</param>
public sealed record MarkdownSample(string Document, int Line, string Unit, string Code, string? Given, string? Skip);

/// <summary>
/// The markdown samples, placed mechanically, their text unchanged. Each ```csharp block is preceded by a marker
/// line, and a block without one fails the test (a new sample must say how it is checked):
/// <list type="bullet">
/// <item><c>&lt;!-- user-layout: compile --&gt;</c>: <c>using AutoDiffGen;</c> is added if the block lacks it; usings stay at the top of the file and type declarations at file
/// scope (global namespace); methods and fields written at the top level go into a static partial class; top-level
/// statements go into a method, so they are compiled, not run.</item>
/// <item><c>&lt;!-- user-layout: compile; given: Tensor w, Tensor b --&gt;</c>: as above, and the names the block
/// uses without declaring them become that method's parameters.</item>
/// <item><c>&lt;!-- user-layout: skip: reason --&gt;</c>: not compiled, for the reason given (output excerpts,
/// deliberately wrong code).</item>
/// </list>
/// </summary>
public static partial class MarkdownSamples
{
    [GeneratedRegex(@"^<!--\s*user-layout:\s*(?<mode>compile|skip)\s*(?:;\s*given:\s*(?<given>.*?)|:\s*(?<reason>.*?))?\s*-->\s*$")]
    private static partial Regex MarkerPattern();

    /// <summary>README.md and docs/*.md, in that order, with a unit name per block.</summary>
    public static (List<MarkdownSample> Samples, List<string> Unmarked) Read(string repoRoot)
    {
        var documents = new[] { Path.Combine(repoRoot, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(repoRoot, "docs"), "*.md").Order(StringComparer.Ordinal));
        var samples = new List<MarkdownSample>();
        var unmarked = new List<string>();
        foreach (var document in documents)
        {
            var lines = File.ReadAllLines(document);
            var name = Path.GetFileNameWithoutExtension(document);
            var index = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimEnd() != "```csharp")
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
                var code = string.Join("\n", lines[(i + 1)..end]) + "\n";
                var marker = i > 0 ? MarkerPattern().Match(lines[i - 1].Trim()) : Match.Empty;
                var where = $"{Path.GetFileName(document)}:{i + 1}";
                index++;
                if (!marker.Success)
                {
                    unmarked.Add(where);
                }
                else
                {
                    var skip = marker.Groups["mode"].Value == "skip" ? marker.Groups["reason"].Value : null;
                    var given = marker.Groups["given"].Success ? marker.Groups["given"].Value : null;
                    samples.Add(new MarkdownSample(Path.GetFileName(document), i + 1, $"Sample_{Regex.Replace(name, @"\W", "_")}_{index}", code, given, skip));
                }

                i = end;
            }
        }

        return (samples, unmarked);
    }

    /// <summary>
    /// The block as a file of the user app: its pieces in their own text, in their own order within each place.
    /// Returns the file and the names of the types it declares (so errors in their generated files are traced to it).
    /// </summary>
    public static (string Source, List<string> Types) Place(MarkdownSample sample)
    {
        var root = CSharpSyntaxTree.ParseText(sample.Code, new CSharpParseOptions(LanguageVersion.Latest)).GetCompilationUnitRoot();
        var usings = new StringBuilder();
        var types = new StringBuilder();
        var members = new StringBuilder();
        var statements = new StringBuilder();
        var typeNames = new List<string>();
        if (!root.Usings.Any(u => u.Name?.ToString() == "AutoDiffGen"))
        {
            usings.Append("using AutoDiffGen;   // added: a fragment's file would say it\n");
        }

        foreach (var u in root.Usings)
        {
            usings.Append(u.ToFullString());
        }

        foreach (var member in root.Members)
        {
            switch (member)
            {
                // `[Differentiable] public static double F(…) => …;` at the top level parses as a local function:
                // with an attribute or an access modifier it is a member the author meant for a class.
                case GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax f } when f.AttributeLists.Count > 0 || f.Modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.InternalKeyword)):
                    members.Append(member.ToFullString());
                    break;
                case GlobalStatementSyntax statement:
                    statements.Append(statement.ToFullString());
                    break;
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax or BaseNamespaceDeclarationSyntax:
                    types.Append(member.ToFullString());
                    typeNames.AddRange(member.DescendantNodesAndSelf().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.ValueText));
                    break;
                default:
                    members.Append(member.ToFullString());
                    break;
            }
        }

        var file = new StringBuilder();
        file.Append($"// {sample.Document}, line {sample.Line}: placed by the user-layout tests (see MarkdownSamples.cs).\n");
        file.Append(usings).Append('\n');
        file.Append(types).Append('\n');
        if (members.Length > 0)
        {
            file.Append($"public static partial class {sample.Unit}_Members\n{{\n").Append(members).Append("}\n\n");
            typeNames.Add(sample.Unit + "_Members");
        }

        if (statements.Length > 0)
        {
            file.Append($"public static class {sample.Unit}\n{{\n    public static void Run({sample.Given})\n    {{\n").Append(statements).Append("    }\n}\n");
        }

        return (file.ToString(), typeNames);
    }
}
