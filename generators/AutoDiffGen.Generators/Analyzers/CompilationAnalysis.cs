using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parsing;
using AutoDiffGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// What the analyzers of one compilation share: the [Differentiable] attribute's symbol, resolved once; each method
/// declaration looked at once (its symbol, whether it is [Differentiable], its model from the generator's own parser
/// through ParseCache, so analyzers and generator never disagree), however many rules ask; and the [DerivativeOf]
/// rules collected once. Keyed weakly on the compilation, so it lives exactly as long as the compilation the IDE or
/// the build is analyzing.
/// </summary>
internal sealed class CompilationAnalysis
{
    private static readonly ConditionalWeakTable<Compilation, CompilationAnalysis> _table = new();

    // What each method declaration turned out to be; NotDifferentiable for one that is not [Differentiable] or has no model.
    private static readonly DifferentiableMethod _notDifferentiable = new(null!, null!);

    private readonly Compilation _compilation;
    private readonly object _rulesLock = new();
    private readonly ConcurrentDictionary<MethodDeclarationSyntax, DifferentiableMethod> _methods = new();
    private EquatableArray<DerivativeRule>? _rules;

    private CompilationAnalysis(Compilation compilation)
    {
        _compilation = compilation;
        DifferentiableAttribute = compilation.GetTypeByMetadataName(Symbols.DifferentiableAttribute);
    }

    /// <summary>The [Differentiable] attribute's type; null when the compilation cannot see AutoDiffGen.</summary>
    public INamedTypeSymbol? DifferentiableAttribute { get; }

    public static CompilationAnalysis For(Compilation compilation) => _table.GetValue(compilation, static c => new CompilationAnalysis(c));

    /// <summary>Every [DerivativeOf] rule visible to the compilation, collected on first use.</summary>
    public EquatableArray<DerivativeRule> Rules(CancellationToken cancellationToken)
    {
        lock (_rulesLock)
        {
            _rules ??= RuleCollector.Collect(_compilation, cancellationToken);
            return _rules.Value;
        }
    }

    /// <summary>
    /// The declaration's symbol and model when it is a [Differentiable] method with a model, else null; worked out
    /// once per declaration for all the rules (each rule's analyzer asks for the same methods).
    /// </summary>
    public DifferentiableMethod? Differentiable(MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (_methods.TryGetValue(syntax, out var known))
        {
            return ReferenceEquals(known, _notDifferentiable) ? null : known;
        }

        DifferentiableMethod? found = null;
        if (syntax.AttributeLists.Count > 0
            && DifferentiableAttribute is { } attribute
            && semanticModel.GetDeclaredSymbol(syntax, cancellationToken) is { } method
            && method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute))
            && Method(method, syntax, semanticModel, cancellationToken) is { } model)
        {
            found = new DifferentiableMethod(method, model);
        }

        _methods.TryAdd(syntax, found ?? _notDifferentiable);
        return found;
    }

    /// <summary>
    /// The parsed model of a [Differentiable] method, or null when it does not compile yet (the compiler's errors
    /// say what is wrong) or the parser failed (the generator reports that as ADG0900).
    /// </summary>
    public MethodModel? Method(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        // ParseCache keeps each model (per syntax node and declaration fingerprint), shared with the generator.
        try
        {
            return ParseCache.Get(method, syntax, semanticModel, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // An analyzer must never throw (AD0001); the generator reports the same failure as ADG0900.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}

/// <summary>A [Differentiable] method of the compilation: its symbol and parsed model.</summary>
internal sealed record DifferentiableMethod(IMethodSymbol Method, MethodModel Model);
