using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// Base of the analyzers that look at [Differentiable] methods: finds them, parses each once per compilation
/// (<see cref="CompilationAnalysis"/>) and hands the model to the rule. One rule per derived class.
/// </summary>
public abstract class DifferentiableMethodAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Registers the rule for every method declaration that carries [Differentiable].</summary>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Shared by every rule's analyzer: the attribute is resolved once per compilation, and each method is
            // looked at (symbol, attribute, parse) by whichever rule gets to it first.
            var analysis = CompilationAnalysis.For(start.Compilation);
            if (analysis.DifferentiableAttribute is null)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(
                node =>
                {
                    var syntax = (MethodDeclarationSyntax)node.Node;
                    if (syntax.AttributeLists.Count > 0 && analysis.Differentiable(syntax, node.SemanticModel, node.CancellationToken) is { } found)
                    {
                        Analyze(new MethodContext(node, found.Method, syntax, found.Model, analysis));
                    }
                },
                SyntaxKind.MethodDeclaration);
        });
    }

    private protected abstract void Analyze(MethodContext context);
}

/// <summary>One [Differentiable] method being analyzed: its symbol, syntax and parsed model.</summary>
internal readonly struct MethodContext
{
    private readonly SyntaxNodeAnalysisContext _node;

    public MethodContext(SyntaxNodeAnalysisContext node, IMethodSymbol method, MethodDeclarationSyntax syntax, MethodModel model, CompilationAnalysis analysis)
    {
        _node = node;
        Method = method;
        Syntax = syntax;
        Model = model;
        Analysis = analysis;
    }

    public IMethodSymbol Method { get; }

    public MethodDeclarationSyntax Syntax { get; }

    public MethodModel Model { get; }

    public CompilationAnalysis Analysis { get; }

    public SemanticModel SemanticModel => _node.SemanticModel;

    public CancellationToken CancellationToken => _node.CancellationToken;

    public void Report(DiagnosticDescriptor descriptor, Location location, params string[] arguments) =>
        _node.ReportDiagnostic(Diagnostic.Create(descriptor, location, arguments.Cast<object>().ToArray()));

    /// <summary>Reports the parser's diagnostics that carry the descriptor's id.</summary>
    public void ReportParsed(DiagnosticDescriptor descriptor)
    {
        foreach (var diagnostic in Model.Diagnostics.Where(d => d.Id == descriptor.Id))
        {
            Report(descriptor, Location(diagnostic.Location), diagnostic.Arguments.ToArray());
        }
    }

    /// <summary>A model location as a location in this method's syntax tree (so #pragma and .editorconfig apply).</summary>
    public Location Location(LocationModel? location) =>
        location is null
            ? Syntax.Identifier.GetLocation()
            : Microsoft.CodeAnalysis.Location.Create(Syntax.SyntaxTree, new TextSpan(location.Start, location.Length));
}
