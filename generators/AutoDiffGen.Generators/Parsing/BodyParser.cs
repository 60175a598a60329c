using System.Globalization;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Turns a method body (its IOperation tree) into the forward program: one SSA value per operation, locals renamed
/// per assignment. Values that do not depend on a differentiable input become constants whose C# is kept (with
/// locals renamed); everything else must be an operation with a derivative rule, found later by its key.
/// Statements are here; branches, loops and expressions are in BodyParser.Branches/Loops/Expressions.cs.
/// </summary>
internal sealed partial class BodyParser
{
    private readonly List<Op> _ops = new();

    // Variables by symbol (locals and parameters), plus the synthetic break flags of loops (BreakFlag objects).
    private readonly Dictionary<object, int> _current = new(VariableComparer.Instance);
    private readonly Stack<BreakFlag> _loops = new();

    // True while parsing the statements directly in a loop body, where break and continue can be rewritten.
    private bool _topOfLoopBody;
    private readonly List<Item> _body = new();
    private List<Item> _block;
    private readonly Dictionary<string, int> _versions = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<DiagnosticModel> _diagnostics = new();
    private readonly IMethodSymbol _method;
    private readonly string _methodName;
    private readonly CancellationToken _cancellationToken;

    public BodyParser(IMethodSymbol method, CancellationToken cancellationToken)
    {
        _method = method;
        _methodName = method.Name;
        _cancellationToken = cancellationToken;
        _block = _body;
    }

    /// <summary>The body in execution order: values, ifs and loops.</summary>
    public IReadOnlyList<Item> Body => _body;

    public IReadOnlyList<Op> Ops => _ops;

    public IReadOnlyList<DiagnosticModel> Diagnostics => _diagnostics;

    public int Result { get; private set; } = -1;

    /// <summary>True when the method calls itself.</summary>
    public bool IsRecursive { get; private set; }

    /// <summary>The keys of the [Differentiable] methods it calls; cycles among them are found across methods.</summary>
    public HashSet<string> DifferentiableCallees { get; } = new(StringComparer.Ordinal);

    public void AddParameter(IParameterSymbol parameter, bool differentiable)
    {
        // A keyword used as a name keeps its @ (@in) wherever generated code writes it.
        var name = Symbols.Identifier(parameter.Name);
        _names.Add(name);
        var kind = differentiable ? Symbols.KindOf(parameter.Type) : ValueKind.None;
        _current[parameter] = Add(new Op(
            kind == ValueKind.None ? OpKind.Constant : OpKind.Parameter,
            kind,

            // With its nullable annotation (Tensor?), so values saved for the pullback keep it.
            parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)),
            name,
            EquatableArray<int>.Empty,
            null,
            name,
            name,
            null));
    }

    /// <summary>The implicit <c>this</c> of a model's instance method: a parameter named <paramref name="name"/> whose gradient is the model's.</summary>
    public void AddReceiver(string name, string type, bool differentiable)
    {
        _names.Add(name);
        _current[_thisKey] = Add(new Op(
            differentiable ? OpKind.Parameter : OpKind.Constant,
            differentiable ? ValueKind.Module : ValueKind.None,
            type,
            name,
            EquatableArray<int>.Empty,
            null,
            name,
            "this",
            null));
    }

    private void ParseMethodBody(IOperation body)
    {
        _root ??= body;
        switch (body)
        {
            case IMethodBodyOperation method:
                ParseMethodBody((IOperation?)method.BlockBody ?? method.ExpressionBody!);
                break;
            case IBlockOperation block:
                ParseStatements(block.Operations, 0);
                break;
            default:
                ParseStatement(body);
                break;
        }
    }

    private void ParseStatement(IOperation statement)
    {
        // Writes of elements and fields of scalarized locals, ref re-pointing, foreach over a scalarized array.
        if (AggregateStatement(statement))
        {
            return;
        }

        switch (statement)
        {
            case IReturnOperation { ReturnedValue: { } value } when _loops.Count > 0:
                LoopReturn(value);
                break;
            case IReturnOperation { ReturnedValue: { } value } when _flagReturns:
                FlagReturn(value);
                break;
            case IReturnOperation { ReturnedValue: { } value }:
                Result = Visit(value);
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;

                        // A const local gets no variable: every use is its value (a literal), and a variable only
                        // read through literals would be warning CS0219 in the generated file.
                        if (initializer is null || declarator.Symbol.IsConst)
                        {
                            // Declared now, assigned later (C#'s definite assignment guarantees it before any use).
                            continue;
                        }

                        if (!DeclareAggregate(declarator.Symbol, initializer, group))
                        {
                            Assign(declarator.Symbol, Visit(initializer));
                        }
                    }
                }

                break;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } assignment }:
                Assign(Referenced(assignment.Target)!, Visit(assignment.Value));
                break;
            case IExpressionStatementOperation { Operation: ICompoundAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } compound }:
                var target = Referenced(compound.Target)!;
                var left = _current[target];
                var right = Visit(compound.Value);
                Assign(target, Binary(compound, compound.OperatorKind, compound.OperatorMethod, left, right, compound.Target.Type!, compound.Value.Type!));
                break;
            case IBlockOperation block:
                ParseStatements(block.Operations, 0);
                break;
            case IEmptyOperation:
                break;
            case ISwitchOperation switchStatement:
                Switch(switchStatement);
                break;
            case IBranchOperation { BranchKind: BranchKind.GoTo } gotoCase:
                GotoCase(gotoCase);
                break;
            case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } jump:
                Jump(jump);
                break;
            case IConditionalOperation { Type: null } conditional:
                If(conditional.Condition, () => ParseBranch(conditional.WhenTrue), () => ParseBranch(conditional.WhenFalse), null);
                break;
            case IWhileLoopOperation or IForLoopOperation when ConditionHasEffects(statement):
                EffectLoop((ILoopOperation)statement);
                break;
            case IForLoopOperation forLoop:
                foreach (var before in forLoop.Before)
                {
                    ParseStatement(before);
                }

                // for (;;) runs until a break or return (the loop's break flag, which its test reads).
                Loop(forLoop, () => forLoop.Condition is null ? Flag(true, string.Empty) : Constant(forLoop.Condition), () =>
                {
                    ParseLoopBody(forLoop.Body);
                    foreach (var statement in forLoop.AtLoopBottom)
                    {
                        ParseStatement(statement);
                    }
                });
                break;
            case IWhileLoopOperation { ConditionIsTop: true, Condition: { } condition } whileLoop:
                Loop(whileLoop, () => Constant(condition), () => ParseLoopBody(whileLoop.Body));
                break;
            case IWhileLoopOperation { ConditionIsTop: false, Condition: { } condition } doLoop:
                // do { body } while (c)  ⇒  first = true; while (first || c) { first = false; body }
                var first = new BreakFlag("first" + _ops.Count.ToString(CultureInfo.InvariantCulture), doLoop);
                _current[first] = Add(new Op(OpKind.Constant, ValueKind.None, "bool", "true", EquatableArray<int>.Empty, null, Unique("_" + first.Name), string.Empty, null));
                Loop(
                    doLoop,
                    () =>
                    {
                        var test = Constant(condition);
                        return Derived("bool", $"({_ops[_current[first]].Name} || {_ops[test].Name})", Reads([_current[first], test]));
                    },
                    () =>
                    {
                        Assign(first, Flag(false, string.Empty));
                        ParseLoopBody(doLoop.Body);
                    },
                    first);
                break;
            case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation { Symbol: var variable } } forEach when !DependsOnDifferentiable(forEach.Collection):
                ForEach(forEach, variable);
                break;
            case IExpressionStatementOperation { Operation: IIncrementOrDecrementOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } step }:
                var counter = Referenced(step.Target)!;
                if (_ops[_current[counter]].Type != ValueKind.None)
                {
                    Step(step, counter);
                    break;
                }

                var text = _ops[_current[counter]].Name + (step.Kind == OperationKind.Increment ? " + 1" : " - 1");
                Assign(counter, Derived(Symbols.Global(step.Target.Type!), "(" + text + ")", Reads([_current[counter]]), SourceText(step)));
                break;
            case IExpressionStatementOperation expression:
                ExpressionStatement(expression);
                break;
            default:
                Unsupported(statement, Describe(statement));
                break;
        }
    }

    // The key of `this` among the variables (an instance method of a model differentiates with respect to it).
    private static readonly object _thisKey = new BreakFlag("this", null!);

    private static object? Referenced(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => _thisKey,
        _ => null,
    };

    private static string VariableName(object variable) => variable is ISymbol symbol ? symbol.Name : ((BreakFlag)variable).Name;

    private void Assign(object local, int value)
    {
        // A write through a ref local writes the variable it refers to (BodyParser.Refs.cs).
        local = RefTarget(local);
        // A value assigned to a local is named after it (y_, then y_1, y_2 … on reassignment) so the code stays readable.
        var op = _ops[value];
        if (op.Kind != OpKind.Parameter && op.Name.StartsWith("_t", StringComparison.Ordinal) && !_current.ContainsValue(value))
        {
            _names.Remove(op.Name);
            var localName = VariableName(local);
            _versions.TryGetValue(localName, out var version);
            _versions[localName] = version + 1;
            _ops[value] = op with { Name = Unique(localName + "_" + (version == 0 ? string.Empty : version.ToString(CultureInfo.InvariantCulture))) };
        }

        _current[local] = value;
        SyncAliases(local, value);
    }
}
