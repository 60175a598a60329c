using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// A call to a [Differentiable] helper with ref or out parameters (see <see cref="Inlining"/>), inlined: arguments
/// are evaluated in order, by-value and in parameters bound to their values, ref parameters to the current values of
/// the caller's variables; the helper's statements are parsed as the caller's; then each ref or out parameter's final
/// value becomes its variable's. The values, the order of evaluation and the gradient are the call's.
/// </summary>
internal sealed partial class BodyParser
{
    private readonly HashSet<IMethodSymbol> _inlining = new(SymbolEqualityComparer.Default);

    /// <summary>The call's result, or -1 for a void helper.</summary>
    private int Inline(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        var name = method.Name;
        if (SymbolEqualityComparer.Default.Equals(method, _method.OriginalDefinition) || _inlining.Contains(method))
        {
            return Rejected(invocation, $"{Quote(invocation)} calls '{name}' recursively, and a [Differentiable] method with ref or out parameters is inlined where it is called; return the values instead of writing them through ref or out");
        }

        // Inlined, every argument keeps its own gradient: a parameter the helper leaves out ([NoDiff], or not named
        // by [Differentiable("...")]) would not stop it as a call through a pullback does.
        if (method.Parameters.FirstOrDefault(p => Symbols.KindOf(p.Type) != ValueKind.None && (Symbols.HasAttribute(p, Symbols.NoDiffAttribute) || !Symbols.IsSelected(method, p))) is { } excluded)
        {
            return Rejected(invocation, $"{Quote(invocation)} calls '{name}', which has ref or out parameters and leaves '{excluded.Name}' out of its gradient, which is not supported; differentiate all its parameters and write '.Detach()' on the argument whose gradient must stop");
        }

        var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault(s => s.Body is not null || s.ExpressionBody is not null);
        var model = syntax is null ? null : invocation.SemanticModel?.Compilation.GetSemanticModel(syntax.SyntaxTree);
        if (syntax is null || model?.GetOperation(syntax, _cancellationToken) is not IMethodBodyOperation body
            || (body.BlockBody ?? body.ExpressionBody) is not { } block)
        {
            return Rejected(invocation, $"{Quote(invocation)} calls '{name}', whose body is not in this compilation, and a [Differentiable] method with ref or out parameters is inlined where it is called; return the values instead of writing them through ref or out");
        }

        // Only a return at the very end: the helper's statements then run straight into the caller's.
        var statements = block.Operations;
        var last = statements.Length > 0 && statements[statements.Length - 1] is IReturnOperation final ? final : null;
        if (ReturnsOf(block).Any(r => !ReferenceEquals(r, last)))
        {
            return Rejected(invocation, $"{Quote(invocation)} calls '{name}', which returns before its end, and a [Differentiable] method with ref or out parameters is inlined where it is called; give '{name}' a single return at its end");
        }

        // Arguments in the order C# evaluates them; ref and out ones name the caller's variables.
        var bindings = new List<(IParameterSymbol Parameter, int Value)>();
        var outputs = new List<(IParameterSymbol Parameter, object? Variable)>();
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                return Rejected(invocation, $"{Quote(invocation)} here");
            }

            if (parameter.RefKind is RefKind.Ref or RefKind.Out)
            {
                var variable = WrittenBy(argument);
                if ((variable is null && argument.Value is not IDiscardOperation) || (variable is not null && outputs.Any(o => VariableComparer.Instance.Equals(o.Variable, variable))))
                {
                    return Rejected(argument, $"the argument {Quote(argument.Value.Syntax)} of '{name}' is not supported: a ref or out argument of a [Differentiable] method must be a local or parameter, each passed once; copy the value into a local first");
                }

                outputs.Add((parameter, variable));
                if (parameter.RefKind == RefKind.Ref)
                {
                    bindings.Add((parameter, _current[variable!]));
                }

                continue;
            }

            bindings.Add((parameter, Visit(argument.Value)));
        }

        // The helper's names live only while it is parsed; the caller's loops, jumps and pending break are not its.
        var before = new HashSet<object>(_current.Keys, VariableComparer.Instance);
        var loops = _loops.ToArray();
        var jumps = _jumpFlags.ToArray();
        var top = _topOfLoopBody;
        var diagnostics = _diagnostics.Count;
        _loops.Clear();
        _jumpFlags.Clear();
        _topOfLoopBody = false;
        _inlining.Add(method);
        var result = -1;
        try
        {
            foreach (var (parameter, value) in bindings)
            {
                _current[parameter] = value;
            }

            ParseStatements(last is null ? statements : statements.RemoveAt(statements.Length - 1), 0);
            if (last?.ReturnedValue is { } returned)
            {
                result = Visit(returned);
            }

            foreach (var (parameter, variable) in outputs)
            {
                if (variable is not null)
                {
                    Assign(variable, _current[parameter]);
                    before.Add(variable);
                }
            }
        }
        finally
        {
            _inlining.Remove(method);
            _topOfLoopBody = top;
            foreach (var loop in Enumerable.Reverse(loops))
            {
                _loops.Push(loop);
            }

            foreach (var jump in Enumerable.Reverse(jumps))
            {
                _jumpFlags.Push(jump);
            }

            foreach (var key in _current.Keys.Where(k => !before.Contains(k)).ToList())
            {
                _current.Remove(key);
            }
        }

        // What the helper's body cannot do is reported on the helper (its own parse); here, once, at the call.
        if (_diagnostics.Count > diagnostics)
        {
            var failed = _diagnostics.Skip(diagnostics).Any(d => DiagnosticDescriptors.IsError(d.Id));
            _diagnostics.RemoveRange(diagnostics, _diagnostics.Count - diagnostics);
            if (failed)
            {
                return Rejected(invocation, $"{Quote(invocation)} calls '{name}', whose body cannot be differentiated; fix the errors reported on '{name}' first");
            }
        }

        return result;
    }

    /// <summary>The caller's variable a ref or out argument writes (so a loop around the call carries it), or null.</summary>
    private static object? WrittenBy(IArgumentOperation argument) =>
        argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out
            ? Referenced(argument.Value is IDeclarationExpressionOperation declaration ? declaration.Expression : argument.Value)
            : null;

    // No code is generated for a method with an error: the call's value only needs a placeholder.
    private int Rejected(IOperation operation, string what)
    {
        Unsupported(operation, what);
        return Derived("object", "default!", default);
    }

    /// <summary>The returns of the helper itself, not of a lambda or local function in it.</summary>
    private static IEnumerable<IReturnOperation> ReturnsOf(IOperation body) =>
        body.DescendantsAndSelf().OfType<IReturnOperation>().Where(r => r.Kind == OperationKind.Return && !InFunction(r, body));
}
