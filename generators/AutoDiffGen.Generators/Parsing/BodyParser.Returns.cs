using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// return inside a loop: the returned value goes to a synthetic variable of the result's type and a "returned" flag
/// is set, with the break and jumped flags of every enclosing loop, so each loop stops and skips the rest of its body
/// (BodyParser.Jumps.cs). After the outermost such loop, the rest of the method runs only when nothing returned, and
/// the method's result merges the value returned inside the loop with the one the rest returns.
/// </summary>
internal sealed partial class BodyParser
{
    private BreakFlag? _returned;
    private BreakFlag? _returnValue;

    /// <summary>The returns of the method inside the operation (not those of a lambda or local function in it).</summary>
    private static IEnumerable<IReturnOperation> ReturnsIn(IOperation operation) =>
        operation.DescendantsAndSelf().OfType<IReturnOperation>().Where(r => r.ReturnedValue is not null && !InFunction(r, operation));

    private static bool InFunction(IOperation operation, IOperation root)
    {
        for (var parent = operation.Parent; parent is not null && !ReferenceEquals(parent, root); parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Before the outermost loop with a return: nothing returned yet, and a default result.</summary>
    private void StartReturns()
    {
        // With returns everywhere (BodyParser.FlagReturns.cs), the flags are set once, before the body.
        if (_flagReturns || (_returned is not null && _loops.Count > 0))
        {
            return;
        }

        var type = Symbols.Global(_method.ReturnType);
        _returned ??= new BreakFlag("returned", null!);
        _returnValue ??= new BreakFlag("returnValue", null!, Symbols.KindOf(_method.ReturnType), type);
        _current[_returned] = Flag(false, string.Empty);
        _current[_returnValue] = Derived(type, "default!", default);
    }

    private void LoopReturn(IOperation value)
    {
        Assign(_returnValue!, Visit(value));
        Assign(_returned!, Flag(true, "return"));
        foreach (var loop in _loops)
        {
            Assign(loop, Flag(true, "return"));
        }

        foreach (var jumped in _jumpFlags)
        {
            Assign(jumped!, Flag(true, "return"));
        }
    }

    /// <summary>
    /// After a statement outside loops that holds a loop with a return: <c>returned ? value : rest</c>, the rest
    /// parsed as a branch that must return. Returns whether it took the rest.
    /// </summary>
    private bool AfterLoopReturn(IOperation statement, System.Collections.Immutable.ImmutableArray<IOperation> statements, int rest)
    {
        if (_flagReturns || _loops.Count > 0 || _returned is null || !statement.DescendantsAndSelf().OfType<ILoopOperation>().Any(l => ReturnsIn(l).Any()))
        {
            return false;
        }

        if (!_current.TryGetValue(_returned, out var returned))
        {
            // The loop is nested in an if, whose branches did not both set the flag: the body is parsed again with
            // the returned flag everywhere (BodyParser.FlagReturns.cs).
            MisplacedReturn(statement, $"the return inside {Quote(statement)} is not supported in this position; assign the value to a local, break, and return it after the loop");
            return true;
        }

        var values = new int[2];
        If(
            () => returned,
            () => values[0] = _current[_returnValue!],
            () => values[1] = Returned(() => ParseStatements(statements, rest)),
            values);
        if (values[1] >= 0)
        {
            Result = _ops.Count - 1;
        }
        else
        {
            MisplacedReturn(statement, $"the return inside {Quote(statement)} is not supported in this position (no return follows the loop in the same block); assign the value to a local, break, and return it after the loop");
        }

        return true;
    }
}
