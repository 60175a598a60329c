using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Finds the constructs a differentiable body may not contain at all (goto, try, lock, yield, await, unsafe code,
/// stackalloc, lambdas and local functions that capture differentiable values), before the body is parsed, so each
/// is reported on its own keyword with its name rather than as whatever the parser trips over first.
/// </summary>
internal static class ConstructScanner
{
    public static List<DiagnosticModel> Scan(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken cancellationToken)
    {
        var found = new List<DiagnosticModel>();
        void Add(SyntaxToken token, string what) =>
            found.Add(DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedConstruct.Id, token.GetLocation(), method.Name, what));
        void AddNode(SyntaxNode node, string what) =>
            found.Add(DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedConstruct.Id, node.GetLocation(), method.Name, what));

        foreach (var modifier in syntax.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.AsyncKeyword) || modifier.IsKind(SyntaxKind.UnsafeKeyword))
            {
                Add(modifier, "an " + modifier.ValueText + " method is not supported; remove '" + modifier.ValueText + "' (" + (modifier.IsKind(SyntaxKind.AsyncKeyword) ? "await the inputs before calling it" : "use Tensor operations or a [DerivativeOf] rule instead of pointers") + ")");
            }
        }

        var body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
        if (body is null)
        {
            return found;
        }

        foreach (var node in body.DescendantNodes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                // goto case and goto default stay inside their switch, which the parser lowers (BodyParser.Switches.cs).
                case GotoStatementSyntax jump when jump.IsKind(SyntaxKind.GotoStatement):
                    Add(jump.GotoKeyword, "goto to a label is not supported; write the jump as an if/else or a loop with break (in a switch, 'goto case' and 'goto default' are supported)");
                    break;
                case TryStatementSyntax attempt:
                    Add(attempt.TryKeyword, "try/catch/finally is not supported; check the inputs before the computation, or catch around the call to the method");
                    break;
                case LockStatementSyntax lockStatement:
                    Add(lockStatement.LockKeyword, "lock is not supported; take the lock around the call to the method");
                    break;
                case YieldStatementSyntax yield:
                    Add(yield.YieldKeyword, "yield (an iterator) is not supported; return one value (a Tensor holding all of them)");
                    break;
                case AwaitExpressionSyntax await:
                    Add(await.AwaitKeyword, "await is not supported; await the inputs before calling the method");
                    break;
                case UnsafeStatementSyntax unsafeBlock:
                    Add(unsafeBlock.UnsafeKeyword, "an unsafe block is not supported; use Tensor operations, or move the code into a method with a [DerivativeOf] rule");
                    break;
                case FixedStatementSyntax fixedStatement:
                    Add(fixedStatement.FixedKeyword, "fixed is not supported; use Tensor operations, or move the code into a method with a [DerivativeOf] rule");
                    break;
                case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                    AddNode(node, "stackalloc is not supported; use a Tensor, or an array of [NoDiff] data");
                    break;
                case AnonymousFunctionExpressionSyntax lambda when Captured(method, lambda, model, cancellationToken) is { } captured:
                    AddNode(lambda, $"a lambda that captures the differentiable value '{captured}' is not supported; compute it in the method body, or make it a [Differentiable] method and call that");
                    break;
                case LocalFunctionStatementSyntax local when Captured(method, local, model, cancellationToken) is { } captured:
                    Add(local.Identifier, $"the local function '{local.Identifier.ValueText}', which captures the differentiable value '{captured}', is not supported; make it a [Differentiable] method of the type");
                    break;
            }
        }

        return found;
    }

    // The first differentiable parameter, or local of a differentiable type declared outside the function, that it reads.
    private static string? Captured(IMethodSymbol method, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var id in function.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            switch (model.GetSymbolInfo(id, cancellationToken).Symbol)
            {
                case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method) && Symbols.IsDifferentiable(method, parameter):
                    return parameter.Name;
                case ILocalSymbol local when Symbols.KindOf(local.Type) != ValueKind.None
                    && local.DeclaringSyntaxReferences.All(r => !function.Span.Contains(r.Span)):
                    return local.Name;
            }
        }

        return null;
    }
}
