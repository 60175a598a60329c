using System.Collections.Immutable;
using AutoDiffGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// ADG0011: a model (a concrete class deriving from <c>AutoDiffGen.Module</c>) that is not partial, or is nested in a
/// type that is not, so the generator cannot add its VisitMembers and Gradient type. Without this rule the user sees
/// only the compiler's CS0534 about an abstract member they were never meant to write. Not reported for a class that
/// overrides VisitMembers itself (a hand-written module such as Sequential), nor for one that inherits a concrete
/// VisitMembers and declares no parameter, buffer or child of its own (nothing would be missing from it).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelNotPartialAnalyzer : DiagnosticAnalyzer
{
    private const string VisitMembers = "VisitMembers";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ModelNotPartial);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // A compilation that cannot see Module has no models.
            if (start.Compilation.GetTypeByMetadataName(Symbols.ModuleType) is not null)
            {
                start.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        // Symbol checks first (a walk up the base types), so a class that is not a model costs next to nothing;
        // syntax is read only for models that do not write VisitMembers themselves.
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.IsAbstract || !Symbols.IsModule(type) || OverridesVisitMembers(type) || !NeedsGeneratedMembers(type))
        {
            return;
        }

        var missing = new List<string>();
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (!t.DeclaringSyntaxReferences.Any(r => r.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax d && d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                missing.Insert(0, "'" + t.Name + "'");
            }
        }

        var declaration = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(context.CancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (missing.Count == 0 || declaration is null)
        {
            return;
        }

        var names = missing.Count == 1 ? missing[0] : string.Join(", ", missing.Take(missing.Count - 1)) + " and " + missing[missing.Count - 1];
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.ModelNotPartial,
            declaration.Identifier.GetLocation(),
            type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            names));
    }

    private static bool OverridesVisitMembers(INamedTypeSymbol type) =>
        type.GetMembers(VisitMembers).Any(m => m is IMethodSymbol { IsOverride: true });

    /// <summary>
    /// Whether the generator must write VisitMembers for the type: the nearest one it inherits is abstract (the
    /// compiler's CS0534), or the type declares parameters, buffers or children that the inherited one cannot know.
    /// </summary>
    private static bool NeedsGeneratedMembers(INamedTypeSymbol type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            var inherited = b.GetMembers(VisitMembers).OfType<IMethodSymbol>().FirstOrDefault(m => m.IsOverride || m.IsAbstract);
            if (inherited is not null)
            {
                return inherited.IsAbstract || type.GetMembers().Any(m => ModuleParser.Member(m) is not null);
            }
        }

        return false;
    }
}
