using System.Collections.Immutable;
using AutoDiffGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>ADG0013: a [TrainingStep] declaration the generator cannot implement (no such loss, parameters that differ, no optimizer…).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TrainingStepAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.TrainingStepMismatch);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.MethodDeclaration);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;

        // Cheap syntactic filter first: only methods with an attribute whose name could be TrainingStep.
        if (!syntax.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().Contains("TrainingStep")))
        {
            return;
        }

        if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method
            || !method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == TrainingStepParser.Attribute))
        {
            return;
        }

        if (TrainingStepParser.Parse(method, syntax, context.CancellationToken) is { Problem: { } problem })
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TrainingStepMismatch, syntax.Identifier.GetLocation(), method.Name, problem));
        }
    }
}
