using System.Collections.Immutable;
using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// ADG0012: <c>[Parameter]</c> on a member the generator cannot register as a parameter (a <c>double</c>, a
/// <c>Tensor[]</c>, a child module, a static member, a property without a getter). The generator skips such a member,
/// so without this warning it would silently be left out of <c>Parameters()</c>, the state dict and the gradient.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ParameterNotTensorAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ParameterNotTensor);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attribute = start.Compilation.GetTypeByMetadataName(Symbols.ParameterAttribute);
            if (attribute is not null)
            {
                start.RegisterSymbolAction(symbol => Analyze(symbol, attribute), SymbolKind.Field, SymbolKind.Property);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol attributeType)
    {
        var member = context.Symbol;
        var attribute = member.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));
        var problem = attribute is null || member.IsImplicitlyDeclared ? null : Problem(member);
        if (problem is null)
        {
            return;
        }

        var location = attribute!.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? member.Locations.FirstOrDefault() ?? Location.None;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ParameterNotTensor, location, member.Name, problem));
    }

    /// <summary>Why the generator does not take the member as a parameter (the same tests as ModuleParser), or null when it does.</summary>
    private static string? Problem(ISymbol member)
    {
        var type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        if (Symbols.KindOf(type) != ValueKind.Tensor)
        {
            return $"has type '{type?.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}'";
        }

        return member switch
        {
            { IsStatic: true } => "is static",
            IPropertySymbol { IsIndexer: true } => "is an indexer",
            IPropertySymbol { GetMethod: null } => "has no getter",
            _ => null,
        };
    }
}
