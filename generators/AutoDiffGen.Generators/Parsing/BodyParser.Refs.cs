using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// <c>ref</c> locals: an alias of another variable (a local, a parameter, an element of a local array or a field of a
/// local struct that the parser tracks). A write through the ref writes its target and a write to the target is seen
/// through the ref: both keys always hold the same SSA value (<see cref="Assign"/> keeps them in step), so every
/// read of either (a value, a constant's text, a loop's carried values) sees the target's current value.
/// </summary>
internal sealed partial class BodyParser
{
    // Each ref local and the variable it refers to now (a symbol or an element/field slot).
    private readonly Dictionary<ILocalSymbol, object> _refs = new(SymbolEqualityComparer.Default);

    /// <summary>The variable a write to <paramref name="variable"/> changes: its target when it is a ref local.</summary>
    private object RefTarget(object variable) =>
        variable is ILocalSymbol local && _refs.TryGetValue(local, out var target) ? target : variable;

    /// <summary>Every ref local that refers to <paramref name="target"/> now holds <paramref name="value"/> too.</summary>
    private void SyncAliases(object target, int value)
    {
        foreach (var pair in _refs)
        {
            if (VariableComparer.Instance.Equals(pair.Value, target))
            {
                _current[pair.Key] = value;
            }
        }
    }

    /// <summary>What a write to <paramref name="variable"/> changes: its target and every ref local that refers to that target.</summary>
    private IEnumerable<object> Aliases(object variable)
    {
        var target = RefTarget(variable);
        yield return target;
        foreach (var pair in _refs)
        {
            if (VariableComparer.Instance.Equals(pair.Value, target))
            {
                yield return pair.Key;
            }
        }
    }

    /// <summary><c>ref double r = ref x;</c>: r refers to x from now on.</summary>
    private void DeclareRef(ILocalSymbol local, IOperation initializer)
    {
        if (RefTargetOf(initializer) is not { } target)
        {
            Unsupported(initializer, RefMessage(local, initializer));
            return;
        }

        _refs[local] = target;
        _current[local] = _current[target];
    }

    /// <summary><c>r = ref y;</c>: re-points r, in the block that declares it (elsewhere, which variable it names would depend on the path taken).</summary>
    private void PointRef(IExpressionStatementOperation statement, ISimpleAssignmentOperation assignment)
    {
        if (assignment.Target is not ILocalReferenceOperation { Local: var local } || !_refs.ContainsKey(local))
        {
            Unsupported(statement, $"{Quote(statement)} re-points a ref that is not a ref local of this method, which is not supported; assign the variables directly");
            return;
        }

        if (!SameBlock(local, statement.Syntax))
        {
            Unsupported(statement, $"{Quote(statement)} re-points the ref local '{local.Name}' inside an if, a loop or a nested block, so which variable it names after that depends on the path taken, which is not supported; re-point it only in the block that declares it, or assign the variables directly");
            return;
        }

        if (RefTargetOf(assignment.Value) is not { } target)
        {
            Unsupported(assignment.Value, RefMessage(local, assignment.Value));
            return;
        }

        _refs[local] = target;
        _current[local] = _current[target];
    }

    /// <summary>The variable a <c>ref</c> expression names, when the parser tracks it (else null).</summary>
    private object? RefTargetOf(IOperation operation)
    {
        switch (operation)
        {
            case ILocalReferenceOperation { Local: var local } when _refs.TryGetValue(local, out var target):
                return target;
            case ILocalReferenceOperation { Local: var local } when local.RefKind == RefKind.None && _current.ContainsKey(local):
                return local;
            case IParameterReferenceOperation { Parameter: var parameter } when _current.ContainsKey(parameter):
                return parameter;
            default:
                return SlotOf(operation);
        }
    }

    private static string RefMessage(ILocalSymbol local, IOperation target) =>
        $"the ref local '{local.Name}' refers to {Quote(target)}, which the gradient cannot follow through a ref (only locals, parameters, elements of local arrays with a constant index and fields of local structs can be); assign the value to a local, work on it, and write it back";

    /// <summary>Whether <paramref name="syntax"/> is a statement of the block that declares <paramref name="local"/> (not nested in an if or a loop of it).</summary>
    private static bool SameBlock(ILocalSymbol local, SyntaxNode syntax)
    {
        var declared = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        var declaringStatement = declared?.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax);
        var statement = syntax.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax);
        return declaringStatement is not null && statement is not null && declaringStatement.Parent == statement.Parent;
    }
}
