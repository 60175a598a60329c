using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// A forward abstract interpretation of one body for <see cref="ShapeMismatchAnalyzer"/>: it walks the operations in
/// evaluation order with the known shapes of Tensor locals. Straight-line code keeps and updates shapes; a branch
/// starts from the state before it and forgets, afterwards, every local it assigns; a loop, a switch, a catch and any
/// operation not modelled here forget the locals they assign before and after them. Locals that a lambda or local
/// function assigns, or that are passed by ref or out, are never tracked, and a body with goto or labels is skipped.
/// Code that expects the runtime's shape error (a try block that catches TensorShapeException, a lambda passed to
/// <c>Assert.Throws&lt;TensorShapeException&gt;</c>) is followed but not reported.
/// This file is the control flow; ShapeWalker.Calls.cs knows the Tensor API and ShapeWalker.Arguments.cs reads arguments.
/// </summary>
internal sealed partial class ShapeWalker
{
    private readonly INamedTypeSymbol _tensor;
    private readonly INamedTypeSymbol? _shapeException;
    private readonly Action<Diagnostic> _report;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<ILocalSymbol> _unstable = new(SymbolEqualityComparer.Default);
    private Dictionary<ILocalSymbol, int[]> _env = NewEnv();
    private int _expecting;

    private ShapeWalker(INamedTypeSymbol tensor, INamedTypeSymbol? shapeException, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        _tensor = tensor;
        _shapeException = shapeException;
        _report = report;
        _cancellationToken = cancellationToken;
    }

    public static void Analyze(IOperation block, INamedTypeSymbol tensor, INamedTypeSymbol? shapeException, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        var walker = new ShapeWalker(tensor, shapeException, report, cancellationToken);
        if (walker.FindUnstable(block))
        {
            walker.Eval(block);
        }
    }

    /// <summary>Evaluates an operation for its effect on the known shapes; returns its own shape when it is a Tensor of known shape.</summary>
    private int[]? Eval(IOperation? operation)
    {
        if (operation is null)
        {
            return null;
        }

        _cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case ILocalReferenceOperation local:
                return !_unstable.Contains(local.Local) && _env.TryGetValue(local.Local, out var known) ? known : null;
            case IConversionOperation conversion:
                var operand = Eval(conversion.Operand);
                return conversion.OperatorMethod is null && IsTensor(conversion.Type) && IsTensor(conversion.Operand.Type) ? operand : null;
            case IArgumentOperation argument:
                return Eval(argument.Value);
            case IBlockOperation or IExpressionStatementOperation or IReturnOperation or IThrowOperation or IVariableDeclarationGroupOperation
                or IVariableDeclarationOperation or IUsingDeclarationOperation or IUsingOperation or ILockOperation or IMethodBodyBaseOperation
                or IBranchOperation or IEmptyOperation:
                foreach (var child in operation.ChildOperations)
                {
                    Eval(child);
                }

                return null;
            case IVariableDeclaratorOperation declarator:
                foreach (var argument in declarator.IgnoredArguments)
                {
                    Eval(argument);
                }

                Set(declarator.Symbol, declarator.Initializer is null ? null : Eval(declarator.Initializer.Value));
                return null;
            case ISimpleAssignmentOperation { IsRef: false, Target: ILocalReferenceOperation target } assignment:
                var value = Eval(assignment.Value);
                Set(target.Local, value);
                return value;
            case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target } compound:
                var result = Compound(compound, target);
                Set(target.Local, result);
                return result;
            case IInvocationOperation invocation:
                return Invocation(invocation);
            case IPropertyReferenceOperation property:
                return Property(property);
            case IBinaryOperation { OperatorKind: not (BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr) } binary:
                return Binary(binary);
            case IUnaryOperation unary:
                var shape = Eval(unary.Operand);
                return IsTensor(unary.OperatorMethod?.ContainingType) ? shape : null;
            case IConditionalOperation conditional:
                Eval(conditional.Condition);
                return FromEntry(conditional.WhenTrue, conditional.WhenFalse);
            case IBinaryOperation conditionalBinary:
                Eval(conditionalBinary.LeftOperand);
                return FromEntry(conditionalBinary.RightOperand, null);
            case ICoalesceOperation coalesce:
                Eval(coalesce.Value);
                return FromEntry(coalesce.WhenNull, null);
            case IConditionalAccessOperation access:
                Eval(access.Operation);
                return FromEntry(access.WhenNotNull, null);
            case ILoopOperation loop:
                Loop(loop);
                return null;
            case ITryOperation tryOperation:
                Try(tryOperation);
                return null;
            case IAnonymousFunctionOperation function:
                var expected = ExpectsShapeError(function);
                _expecting += expected ? 1 : 0;
                Nested(function.Body);
                _expecting -= expected ? 1 : 0;
                return null;
            case ILocalFunctionOperation function:
                Nested(function.Body ?? function.IgnoredBody);
                return null;
            case ISwitchOperation switchOperation:
                Eval(switchOperation.Value);
                Apart(switchOperation, switchOperation.Cases);
                return null;
            case ISwitchExpressionOperation switchExpression:
                Eval(switchExpression.Value);
                Apart(switchExpression, switchExpression.Arms);
                return null;
            default:
                // Not modelled: its parts may run in any order, any number of times, or not at all.
                Apart(operation, operation.ChildOperations);
                return null;
        }
    }

    /// <summary>Branches that start from the current state (if/else, ?:, ??, ?., &amp;&amp;, ||); afterwards the locals they assign are forgotten.</summary>
    private int[]? FromEntry(IOperation? first, IOperation? second)
    {
        var saved = _env;
        _env = new Dictionary<ILocalSymbol, int[]>(saved, SymbolEqualityComparer.Default);
        var a = Eval(first);
        _env = new Dictionary<ILocalSymbol, int[]>(saved, SymbolEqualityComparer.Default);
        var b = Eval(second);
        _env = saved;
        Forget(first);
        Forget(second);
        return a is not null && b is not null && a.SequenceEqual(b) ? a : null;
    }

    /// <summary>Parts that may run in any order or not at all: each starts from the state with everything <paramref name="whole"/> assigns forgotten.</summary>
    private void Apart(IOperation whole, IEnumerable<IOperation> parts)
    {
        Forget(whole);
        var saved = _env;
        foreach (var part in parts)
        {
            _env = new Dictionary<ILocalSymbol, int[]>(saved, SymbolEqualityComparer.Default);
            if (part is ISwitchCaseOperation switchCase)
            {
                // A case's clauses are alternatives; its body runs after one of them matched.
                Apart(switchCase, switchCase.Clauses);
                foreach (var statement in switchCase.Body)
                {
                    Eval(statement);
                }
            }
            else
            {
                Eval(part);
            }
        }

        _env = saved;
    }

    private void Loop(ILoopOperation loop)
    {
        // What runs once before the first iteration keeps the current state; the rest may run again after the body.
        var once = loop switch
        {
            IForLoopOperation forLoop => forLoop.Before.ToArray(),
            IForEachLoopOperation forEach => [forEach.Collection],
            _ => [],
        };
        foreach (var part in once)
        {
            Eval(part);
        }

        Apart(loop, loop.ChildOperations.Where(c => !once.Contains(c)));
    }

    private void Try(ITryOperation operation)
    {
        // The try block starts from the current state; a catch or finally may start from any point inside it.
        var saved = _env;
        var expected = operation.Catches.Any(c => IsShapeError(c.ExceptionType));
        _env = new Dictionary<ILocalSymbol, int[]>(saved, SymbolEqualityComparer.Default);
        _expecting += expected ? 1 : 0;
        Eval(operation.Body);
        _expecting -= expected ? 1 : 0;
        _env = saved;
        Apart(operation, operation.Catches.Cast<IOperation>().Concat(operation.Finally is null ? [] : [operation.Finally]));
    }

    /// <summary>A lambda or local function body runs at some unknown time: it starts knowing nothing of the enclosing locals.</summary>
    private void Nested(IOperation? body)
    {
        var saved = _env;
        _env = NewEnv();
        Eval(body);
        _env = saved;
    }

    private void Set(ILocalSymbol local, int[]? shape)
    {
        if (shape is null || _unstable.Contains(local) || !IsTensor(local.Type))
        {
            _env.Remove(local);
        }
        else
        {
            _env[local] = shape;
        }
    }

    private void Forget(IOperation? operation)
    {
        if (operation is null || _env.Count == 0)
        {
            return;
        }

        foreach (var local in Written(operation))
        {
            _env.Remove(local);
        }
    }

    /// <summary>Every local an operation may give a new value (assignments, declarations, deconstructions, ++/--).</summary>
    private static IEnumerable<ILocalSymbol> Written(IOperation operation)
    {
        foreach (var op in operation.DescendantsAndSelf())
        {
            switch (op)
            {
                case IAssignmentOperation { Target: ILocalReferenceOperation target }:
                    yield return target.Local;
                    break;
                case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target }:
                    yield return target.Local;
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var local in deconstruction.Target.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
                    {
                        yield return local.Local;
                    }

                    break;
                case IVariableDeclaratorOperation declarator:
                    yield return declarator.Symbol;
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared }:
                    yield return declared;
                    break;
                case ICatchClauseOperation catchClause:
                    foreach (var local in catchClause.Locals)
                    {
                        yield return local;
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Marks the locals whose value may change behind the straight-line walk (assigned in a lambda or local function
    /// that captures them, passed by ref or out, aliased by a ref local); false when the body has goto or labels.
    /// </summary>
    private bool FindUnstable(IOperation block)
    {
        foreach (var op in block.DescendantsAndSelf())
        {
            switch (op)
            {
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                case ILabeledOperation:
                    return false;
                case IAnonymousFunctionOperation function:
                    MarkCaptured(function.Symbol, function.Body);
                    break;
                case ILocalFunctionOperation function:
                    MarkCaptured(function.Symbol, function);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                    MarkAll(argument.Value);
                    break;
                case IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None } declarator:
                    _unstable.Add(declarator.Symbol);
                    MarkAll(declarator.Initializer);
                    break;
                case ISimpleAssignmentOperation { IsRef: true } assignment:
                    MarkAll(assignment);
                    break;
                case IConditionalOperation { IsRef: true } conditional:
                    MarkAll(conditional);
                    break;
                case IAddressOfOperation address:
                    MarkAll(address);
                    break;
            }
        }

        return true;
    }

    private void MarkCaptured(IMethodSymbol function, IOperation? body)
    {
        if (body is null)
        {
            return;
        }

        foreach (var local in Written(body))
        {
            if (!SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, function))
            {
                _unstable.Add(local);
            }
        }
    }

    private void MarkAll(IOperation? operation)
    {
        if (operation is not null)
        {
            foreach (var local in operation.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
            {
                _unstable.Add(local.Local);
            }
        }
    }

    private bool IsTensor(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, _tensor);

    /// <summary>TensorShapeException or its base ArgumentException: what a caller catches when it expects a shape error.</summary>
    private bool IsShapeError(ITypeSymbol? type) =>
        _shapeException is not null && type is not null
        && (SymbolEqualityComparer.Default.Equals(type, _shapeException) || SymbolEqualityComparer.Default.Equals(type, _shapeException.BaseType));

    /// <summary>A lambda passed to a generic method that names the shape error, such as <c>Assert.Throws&lt;TensorShapeException&gt;(() =&gt; …)</c>.</summary>
    private bool ExpectsShapeError(IAnonymousFunctionOperation function)
    {
        var parent = function.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation invocation } && invocation.TargetMethod.TypeArguments.Any(IsShapeError);
    }

    private void Report(IOperation operation, string what, string detail)
    {
        if (_expecting == 0)
        {
            _report(Diagnostic.Create(DiagnosticDescriptors.ShapeMismatch, operation.Syntax.GetLocation(), what, detail));
        }
    }

    private static Dictionary<ILocalSymbol, int[]> NewEnv() => new(SymbolEqualityComparer.Default);
}
