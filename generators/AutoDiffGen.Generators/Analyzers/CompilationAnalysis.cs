using System.Runtime.CompilerServices;
using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parsing;
using AutoDiffGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// What the analyzers of one compilation share: each [Differentiable] method parsed once (through ParseCache) by
/// the generator's own parser (so analyzers and generator never disagree), and the [DerivativeOf] rules collected
/// once. Keyed weakly
/// on the compilation, so it lives exactly as long as the compilation the IDE or the build is analyzing.
/// </summary>
internal sealed class CompilationAnalysis
{
    private static readonly ConditionalWeakTable<Compilation, CompilationAnalysis> _table = new();

    private readonly Compilation _compilation;
    private readonly object _rulesLock = new();
    private EquatableArray<DerivativeRule>? _rules;

    private CompilationAnalysis(Compilation compilation) => _compilation = compilation;

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
