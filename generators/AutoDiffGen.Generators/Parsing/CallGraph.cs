using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Calls between [Differentiable] methods in source, to find cycles (A calls B, B calls A): methods on a cycle get
/// class pullbacks, since structs that contain each other cannot be laid out.
/// </summary>
internal static class CallGraph
{
    /// <summary>Whether <paramref name="from"/> calls, directly or through other [Differentiable] methods, <paramref name="target"/>.</summary>
    public static bool Reaches(IMethodSymbol from, IMethodSymbol target, Compilation compilation, CancellationToken cancellationToken)
    {
        var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IMethodSymbol>();
        pending.Push(from.OriginalDefinition);
        while (pending.Count > 0)
        {
            var method = pending.Pop();
            if (!visited.Add(method))
            {
                continue;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                {
                    continue;
                }

                var model = compilation.GetSemanticModel(syntax.SyntaxTree);
                foreach (var invocation in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol callee
                        && Symbols.HasAttribute(callee.OriginalDefinition, Symbols.DifferentiableAttribute))
                    {
                        if (SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, target.OriginalDefinition))
                        {
                            return true;
                        }

                        pending.Push(callee.OriginalDefinition);
                    }
                }
            }
        }

        return false;
    }
}
