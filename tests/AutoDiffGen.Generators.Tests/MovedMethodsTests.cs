using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// An edit of one method reparses its whole file: the file's other methods get their models from the version before
/// the edit (<see cref="MovedMethods"/>), moved. These check that what they get is exactly what a fresh parse gives,
/// and that nothing is reused when something the parse reads changed.
/// </summary>
public class MovedMethodsTests
{
    // The second method has a gradient stop (an Op location) and the third an error diagnostic (a goto), so both
    // kinds of location are moved.
    private const string File = """
        namespace Demo;
        public static partial class F
        {
            [Differentiable]
            public static double A(double x)
            {
                var y = x * 2;
                return y;
            }

            [Differentiable]
            public static double B(double x, double y) => Math.Sin(x) * Math.Floor(y) + (int)x;

            [Differentiable]
            public static double C(double x)
            {
                goto end;
                end:
                return x;
            }
        }

        public static partial class G
        {
            [Differentiable]
            public static double B(double x, double y) => Math.Sin(x) * Math.Floor(y) + (int)x;
        }
        """;

    [Fact]
    public void The_methods_after_an_edit_get_what_a_fresh_parse_gives()
    {
        var (before, after) = Edit(File, "var y = x * 2;", "var y = x * 2.5;\n        y = y + 1;");
        var models = Parse(before);

        // The unedited methods are found in the version before the edit; the edited one is not.
        var methods = Methods(after.SyntaxTrees.Last());
        var fingerprint = DeclarationFingerprint.Of(after);
        Assert.Null(MovedMethods.Find(methods[0], fingerprint));
        Assert.All(methods.Skip(1), m => Assert.NotNull(MovedMethods.Find(m, fingerprint)));

        var edited = Parse(after);
        foreach (var (syntax, model) in edited)
        {
            Assert.Equal(Fresh(after, syntax), model);
        }

        // ... and really moved: one line and 21 characters on.
        var oldB = models[1].Model.Ops.First(o => o.Location is not null).Location!;
        var newB = edited[1].Model.Ops.First(o => o.Location is not null).Location!;
        Assert.Equal((oldB.Start + 21, oldB.StartLine + 1, oldB.StartColumn), (newB.Start, newB.StartLine, newB.StartColumn));
        var oldGoto = models[2].Model.Diagnostics.Single(d => d.Id == DiagnosticDescriptors.UnsupportedConstruct.Id).Location!;
        var newGoto = edited[2].Model.Diagnostics.Single(d => d.Id == DiagnosticDescriptors.UnsupportedConstruct.Id).Location!;
        Assert.Equal((oldGoto.Start + 21, oldGoto.StartLine + 1, oldGoto.EndLine + 1), (newGoto.Start, newGoto.StartLine, newGoto.EndLine));
    }

    [Fact]
    public void The_same_text_in_another_type_keeps_its_own_model()
    {
        var (before, after) = Edit(File, "var y = x * 2;", "var y = x * 3;");
        Parse(before);
        var edited = Parse(after);

        Assert.Equal("F.B.Gradient.g.cs", edited[1].Model.HintName);
        Assert.Equal("G.B.Gradient.g.cs", edited[3].Model.HintName);
        Assert.Equal(Fresh(after, edited[3].Syntax), edited[3].Model);
    }

    [Fact]
    public void A_directive_added_before_the_methods_reparses_them()
    {
        var (before, after) = Edit(File, "namespace Demo;", "#nullable disable\nnamespace Demo;");
        Parse(before);
        var fingerprint = DeclarationFingerprint.Of(after);
        Assert.All(Methods(after.SyntaxTrees.Last()), m => Assert.Null(MovedMethods.Find(m, fingerprint)));

        var edited = Parse(after);
        Assert.All(edited, e => Assert.Equal(Fresh(after, e.Syntax), e.Model));
    }

    [Fact]
    public void A_declaration_edit_reparses_the_other_methods()
    {
        // A new parameter of A is a declaration: the compilation's fingerprint changes, so B and C are parsed again.
        var (before, after) = Edit(File, "A(double x)", "A(double x, double z)");
        Parse(before);
        var fingerprint = DeclarationFingerprint.Of(after);
        Assert.All(Methods(after.SyntaxTrees.Last()), m => Assert.Null(MovedMethods.Find(m, fingerprint)));

        var edited = Parse(after);
        Assert.All(edited, e => Assert.Equal(Fresh(after, e.Syntax), e.Model));
    }

    [Fact]
    public void Relocate_refuses_a_location_outside_the_method()
    {
        var location = new LocationModel("a.cs", 5, 3, 1, 5, 1, 8);
        var op = new Op(OpKind.Constant, ValueKind.Double, "double", "1", EquatableArray<int>.Empty, null, "c", "1", location);
        var model = new MethodModel(null, EquatableArray<ContainingType>.Empty, "M", "public", true, EquatableArray<ParameterModel>.Empty, "double", ValueKind.Double, new EquatableArray<Op>([op]), EquatableArray<Item>.Empty, 0, "a.cs", "M.g.cs", EquatableArray<DiagnosticModel>.Empty);

        Assert.Null(MovedMethods.Relocate(model, from: 10, length: 20, to: 15, lines: 1));
        var moved = MovedMethods.Relocate(model, from: 0, length: 20, to: 15, lines: 2);
        Assert.Equal(location with { Start = 20, StartLine = 3, EndLine = 3 }, moved!.Ops[0].Location);
    }

    // The file before and after one edit, as an incremental reparse (the way an editor changes a document); a file
    // path of its own, so tests running in parallel never share a file's versions.
    private static (Compilation Before, Compilation After) Edit(string text, string find, string replace)
    {
        var compilation = GeneratorHarness.Compile(GeneratorHarness.Usings, text);
        var original = compilation.SyntaxTrees.Last();
        var tree = original.WithFilePath($"Moved{Guid.NewGuid():N}.cs");
        var before = compilation.ReplaceSyntaxTree(original, tree);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        var edited = tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(at, find.Length), replace)));
        return (before, before.ReplaceSyntaxTree(tree, edited));
    }

    private static List<MethodDeclarationSyntax> Methods(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().ToList();

    // Every method of the edited file through the cache, as the generator and the analyzers get them.
    private static List<(MethodDeclarationSyntax Syntax, MethodModel Model)> Parse(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.Last();
        var semanticModel = compilation.GetSemanticModel(tree);
        return Methods(tree)
            .Select(m => (m, ParseCache.Get(semanticModel.GetDeclaredSymbol(m)!, m, semanticModel, CancellationToken.None)!))
            .ToList();
    }

    private static MethodModel Fresh(Compilation compilation, MethodDeclarationSyntax syntax)
    {
        var semanticModel = compilation.Clone().GetSemanticModel(syntax.SyntaxTree);
        return MethodParser.Parse(semanticModel.GetDeclaredSymbol(syntax)!, syntax, semanticModel, CancellationToken.None)!;
    }
}
