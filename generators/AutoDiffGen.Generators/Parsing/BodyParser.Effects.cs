using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Side effects inside expressions: <c>(t = x) * 2</c>, <c>a = b = x</c>, <c>(res += x * y) &lt; 10</c>,
/// <c>z++ + z</c>, <c>while (--n &gt; 0)</c>. The forward program is SSA in evaluation order, so an assignment is
/// its value visited, then the local renamed to it, and the expression's value is that value (a postfix step's is the
/// old one). An expression that holds an effect cannot be copied as one piece of text (the write would land on a
/// renamed copy, or happen twice): it is taken apart and its parts visited left to right, as C# evaluates them;
/// <c>&amp;&amp;</c>, <c>||</c> and <c>?:</c> become ifs, so the effects on the side that does not run do not happen.
/// Expressions without effects are parsed exactly as before.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>An assignment, compound assignment, ++ or -- of one of this method's own (non-ref) locals or parameters.</summary>
    private bool IsLocalEffect(IOperation operation) => operation switch
    {
        ISimpleAssignmentOperation { IsRef: false } assignment => IsOwnVariable(assignment.Target),
        ICompoundAssignmentOperation compound => IsOwnVariable(compound.Target),
        IIncrementOrDecrementOperation step => IsOwnVariable(step.Target),
        _ => false,
    };

    // A lambda's own locals are not the method's variables, and a ref local's writes go to another variable.
    private bool IsOwnVariable(IOperation target) => target switch
    {
        ILocalReferenceOperation { Local: { RefKind: RefKind.None } local } => SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, _method),
        IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter } => SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _method),
        _ => false,
    };

    /// <summary>
    /// Whether evaluating the expression changes one of the method's variables. A lambda's body does not run where it
    /// is written, so what it changes is not counted here (a copied lambda that changes a variable is ADG0004).
    /// </summary>
    private bool HasEffects(IOperation operation)
    {
        if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation || operation.ConstantValue.HasValue)
        {
            return false;
        }

        if (IsLocalEffect(operation))
        {
            return true;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (HasEffects(child))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One part of an expression, in its turn: differentiable parts are visited, the others are constants.</summary>
    private int Operand(IOperation operation)
    {
        if (IsLocalEffect(operation))
        {
            return Effect(operation);
        }

        if (HasEffects(operation))
        {
            return Symbols.KindOf(operation.Type) != ValueKind.None ? Visit(operation) : Decompose(operation);
        }

        return Symbols.KindOf(operation.Type) != ValueKind.None && DependsOnDifferentiable(operation) ? Visit(operation) : Constant(operation);
    }

    /// <summary>An assignment, compound assignment or step of a local or parameter; its value is the expression's value.</summary>
    private int Effect(IOperation operation)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
                {
                    var value = Operand(assignment.Value);
                    Assign(Referenced(assignment.Target)!, value);
                    return value;
                }

            case ICompoundAssignmentOperation compound:
                {
                    var target = Referenced(compound.Target)!;

                    // C# reads the variable before it evaluates the right side: (x += x++) adds the old x.
                    var left = _current[target];
                    var right = Operand(compound.Value);
                    var value = Symbols.KindOf(compound.Target.Type) != ValueKind.None && (_ops[left].Type != ValueKind.None || _ops[right].Type != ValueKind.None)
                        ? Binary(compound, compound.OperatorKind, compound.OperatorMethod, left, right, compound.Target.Type!, compound.Value.Type!)
                        : Arithmetic(compound, compound.Target.Type!, left, right, compound.OperatorKind);
                    Assign(target, value);
                    return value;
                }

            case IIncrementOrDecrementOperation step:
                {
                    var target = Referenced(step.Target)!;
                    var old = _current[target];
                    if (_ops[old].Type != ValueKind.None)
                    {
                        Step(step, target);
                    }
                    else
                    {
                        Assign(target, Arithmetic(step, step.Target.Type!, old, null, step.Kind == OperationKind.Increment ? BinaryOperatorKind.Add : BinaryOperatorKind.Subtract));
                    }

                    return step.IsPostfix ? old : _current[target];
                }

            default:
                throw new InvalidOperationException("not an effect: " + operation.Kind);
        }
    }

    /// <summary>
    /// <c>left op right</c> on constant values, converted back to the variable's type as a compound assignment or
    /// a step does (<c>b += 1</c> on a byte is <c>(byte)(b + 1)</c>).
    /// </summary>
    private int Arithmetic(IOperation operation, ITypeSymbol type, int left, int? right, BinaryOperatorKind kind)
    {
        if (OperatorText(kind) is not { } symbol)
        {
            Unsupported(operation, $"{Quote(operation)} uses an operator that is not supported inside an expression; write it as its own statement");
            return Derived(Symbols.Global(type), "default", default);
        }

        var global = Symbols.Global(type);
        // A step adds the literal 1.
        var text = _ops[left].Name + " " + symbol + " " + (right is { } value ? _ops[value].Name : "1");
        var keepsType = type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64
            or SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal or SpecialType.System_String;
        return Derived(global, keepsType ? "(" + text + ")" : "((" + global + ")(" + text + "))", Reads(right is { } read ? [left, read] : [left]), SourceText(operation));
    }

    /// <summary>
    /// An expression that holds an effect and is not differentiable itself (a condition, an index, an int): its parts
    /// in evaluation order, then the expression written over their values.
    /// </summary>
    private int Decompose(IOperation operation)
    {
        var type = operation.Type is null ? "var" : Symbols.Global(operation.Type);
        switch (operation)
        {
            case var _ when IsLocalEffect(operation):
                return Effect(operation);
            case IParenthesizedOperation parenthesized:
                return Operand(parenthesized.Operand);
            case IConversionOperation { Conversion.IsIdentity: true } identity:
                return Operand(identity.Operand);
            case IConversionOperation { OperatorMethod: null } conversion when operation.Type is not null:
                {
                    var value = Operand(conversion.Operand);
                    if (_ops[value].Type != ValueKind.None && Symbols.KindOf(operation.Type) != ValueKind.None)
                    {
                        // Between differentiable types (float and double): as Visit reports it.
                        Unsupported(operation, Describe(operation));
                        return Derived(type, "default", default);
                    }

                    return Derived(type, "((" + type + ")" + _ops[value].Name + ")", Reads([value]), SourceText(operation));
                }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr, OperatorMethod: null } logical:
                return ShortCircuit(logical);
            case IBinaryOperation { OperatorMethod: null } binary when OperatorText(binary.OperatorKind) is { } symbol:
                {
                    var left = Operand(binary.LeftOperand);
                    var right = Operand(binary.RightOperand);
                    if (Symbols.KindOf(binary.Type) != ValueKind.None && (_ops[left].Type != ValueKind.None || _ops[right].Type != ValueKind.None))
                    {
                        return Binary(binary, binary.OperatorKind, null, left, right, binary.LeftOperand.Type!, binary.RightOperand.Type!);
                    }

                    return Derived(type, "(" + _ops[left].Name + " " + symbol + " " + _ops[right].Name + ")", Reads([left, right]), SourceText(operation));
                }

            case IUnaryOperation { OperatorMethod: null, Syntax: PrefixUnaryExpressionSyntax prefix } unary when Symbols.KindOf(unary.Type) == ValueKind.None:
                {
                    var value = Operand(unary.Operand);
                    return Derived(type, "(" + prefix.OperatorToken.Text + _ops[value].Name + ")", Reads([value]), SourceText(operation));
                }

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                {
                    var values = new int[2];
                    If(() => Operand(conditional.Condition), () => values[0] = Operand(conditional.WhenTrue), () => values[1] = Operand(whenFalse), values);
                    return _ops.Count - 1;
                }

            case ISwitchExpressionOperation switchExpression:
                return SwitchExpression(switchExpression);
            case IIsPatternOperation test:
                {
                    var value = Operand(test.Value);
                    return Derived("bool", "(" + PatternTest(_ops[value].Name, test.Pattern, null, test.Syntax) + ")", Reads([value]), SourceText(operation));
                }

            // A [Differentiable] method called on constants only (M(0.7, ++k)) is an ordinary call here (found by the fuzzer).
            case IInvocationOperation invocation when Symbols.KindOf(invocation.Type) == ValueKind.None || !Symbols.HasAttribute(invocation.TargetMethod.OriginalDefinition, Symbols.DifferentiableAttribute) || !DependsOnDifferentiable(invocation):
                return EffectCall(invocation, type);
            case IArrayElementReferenceOperation element:
                {
                    var args = new List<int> { Operand(element.ArrayReference) };
                    args.AddRange(element.Indices.Select(Operand));
                    return Derived(type, _ops[args[0]].Name + "[" + string.Join(", ", args.Skip(1).Select(a => _ops[a].Name)) + "]", Reads(args), SourceText(operation));
                }

            case IPropertyReferenceOperation { Instance: { } instance, Property.IsIndexer: false } property:
                {
                    var owner = Operand(instance);
                    return Derived(type, _ops[owner].Name + "." + property.Property.Name, Reads([owner]), SourceText(operation));
                }

            case IFieldReferenceOperation { Instance: { } instance } field:
                {
                    var owner = Operand(instance);
                    return Derived(type, _ops[owner].Name + "." + field.Field.Name, Reads([owner]), SourceText(operation));
                }

            default:
                Unsupported(operation, $"{Quote(operation)} changes a variable inside this kind of expression, which is not supported; make the assignment, ++ or -- its own statement before it");
                return Derived(type, "default", default);
        }
    }

    /// <summary>
    /// <c>a &amp;&amp; b</c> and <c>a || b</c> whose right side changes a variable: an if, so the change happens only when
    /// C# evaluates the right side, and the bool and the variables it changes merge after it. A right side without
    /// effects stays inside the text, short-circuited as written.
    /// </summary>
    private int ShortCircuit(IBinaryOperation logical)
    {
        var and = logical.OperatorKind == BinaryOperatorKind.ConditionalAnd;
        if (!HasEffects(logical.RightOperand))
        {
            var left = Operand(logical.LeftOperand);
            var right = Rewrite(logical.RightOperand);
            return Derived("bool", "(" + _ops[left].Name + (and ? " && " : " || ") + right + ")", Reads([left, .. ReadsOf(logical.RightOperand)]), SourceText(logical));
        }

        // A local first assigned on the right side is definitely assigned after 'a && (n = …) > 0' is true, so C#
        // lets the if's branch read it: it gets a placeholder on the path that skips the right side, so the two paths
        // merge into one variable (that path never reads it).
        foreach (var assigned in logical.RightOperand.DescendantsAndSelf().Where(IsLocalEffect).Select(Target).Distinct(VariableComparer.Instance))
        {
            if (!_current.ContainsKey(assigned))
            {
                _current[assigned] = Derived(Symbols.Global(((ILocalSymbol)assigned).Type), "default", default);
            }
        }

        var values = new int[2];
        If(
            () => Operand(logical.LeftOperand),
            () => values[0] = and ? Operand(logical.RightOperand) : Flag(true, string.Empty),
            () => values[1] = and ? Flag(false, string.Empty) : Operand(logical.RightOperand),
            values);
        return _ops.Count - 1;
    }

    private static object Target(IOperation effect) => Referenced(effect switch
    {
        IAssignmentOperation assignment => assignment.Target,
        IIncrementOrDecrementOperation step => step.Target,
        _ => effect,
    })!;

    /// <summary>A call that is not differentiated (its value is data, or it is void) with arguments that change variables.</summary>
    private int EffectCall(IInvocationOperation invocation, string type)
    {
        var method = invocation.TargetMethod;
        if (invocation.Arguments.Any(a => a.Parameter?.RefKind is RefKind.Ref or RefKind.Out))
        {
            Unsupported(invocation, $"{Quote(invocation)} passes a ref or out argument in a call whose other arguments change variables, which is not supported; make the assignment, ++ or -- its own statement before the call");
            return Derived(type, "default", default);
        }

        // Receiver first, then the arguments as written (a named argument may come before an earlier parameter).
        var instance = method.IsStatic || invocation.Instance is null ? -1 : Operand(invocation.Instance);
        var values = new Dictionary<IArgumentOperation, int>();
        foreach (var argument in invocation.Arguments.OrderBy(a => a.IsImplicit ? int.MaxValue : a.Syntax.SpanStart))
        {
            values[argument] = argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation array && !HasEffects(array)
                ? ParamsArray(array)
                : Operand(argument.Value);
        }

        var ordered = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => values[a]).ToList();
        var text = new StringBuilder(instance >= 0 ? _ops[instance].Name : Symbols.Global(method.ContainingType))
            .Append('.').Append(method.Name).Append(TypeArguments(method))
            .Append('(').Append(string.Join(", ", ordered.Select(a => _ops[a].Name))).Append(')')
            .ToString();
        var reads = Reads(instance >= 0 ? [instance, .. ordered] : ordered);
        if (invocation.Type is null || invocation.Type.SpecialType == SpecialType.System_Void)
        {
            // A statement among the values (Op.IsStatement), run in its place.
            return Add(new Op(OpKind.Constant, ValueKind.None, "void", text, reads, null, Unique("_s" + _ops.Count.ToString(CultureInfo.InvariantCulture)), string.Empty, null));
        }

        return Derived(type, text, reads, SourceText(invocation));
    }

    /// <summary>An expression statement kept for its effect (a discard, a call) that also changes variables: its parts in order.</summary>
    private void EffectStatement(IOperation operation)
    {
        if (operation is ISimpleAssignmentOperation { Target: IDiscardOperation } discard)
        {
            Operand(discard.Value);
            return;
        }

        Operand(operation);
    }

    private static string? OperatorText(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => "+",
        BinaryOperatorKind.Subtract => "-",
        BinaryOperatorKind.Multiply => "*",
        BinaryOperatorKind.Divide => "/",
        BinaryOperatorKind.Remainder => "%",
        BinaryOperatorKind.LeftShift => "<<",
        BinaryOperatorKind.RightShift => ">>",
        BinaryOperatorKind.UnsignedRightShift => ">>>",
        BinaryOperatorKind.And => "&",
        BinaryOperatorKind.Or => "|",
        BinaryOperatorKind.ExclusiveOr => "^",
        BinaryOperatorKind.Equals => "==",
        BinaryOperatorKind.NotEquals => "!=",
        BinaryOperatorKind.LessThan => "<",
        BinaryOperatorKind.LessThanOrEqual => "<=",
        BinaryOperatorKind.GreaterThan => ">",
        BinaryOperatorKind.GreaterThanOrEqual => ">=",
        _ => null,
    };

    /// <summary>
    /// A loop whose condition changes variables (<c>while (i++ &lt; 3)</c>, <c>do … while (--n &gt; 0)</c>): the test
    /// is evaluated as statements, once before the loop (not for do) and at the end of every iteration that did not
    /// break or return, into a loop-carried flag: <c>go = c; while (go) { body; [update;] go = c; }</c>. So its effects
    /// are part of the values the reverse pass walks back, and the variables it changes leave the loop with the values
    /// of its last (failed) test. Only for a loop whose condition has an effect (<see cref="ConditionHasEffects"/>).
    /// </summary>
    private bool ConditionHasEffects(IOperation loop) => loop switch
    {
        IWhileLoopOperation { Condition: { } condition } => HasEffects(condition),
        IForLoopOperation { Condition: { } condition } forLoop => HasEffects(condition) || UpdateOutlivesBreak(forLoop),
        _ => false,
    };

    /// <summary>
    /// Whether a break or return can end the for loop and its update changes a variable that outlives the loop: the
    /// update must then not run after the jump (<c>for (…; …; s += x) { if (…) break; }</c>), as this lowering ensures.
    /// </summary>
    private bool UpdateOutlivesBreak(IForLoopOperation forLoop) =>
        forLoop.AtLoopBottom.SelectMany(u => u.DescendantsAndSelf()).Where(IsLocalEffect)
            .Any(e => Target(e) is not ILocalSymbol local || !forLoop.Locals.Contains(local, SymbolEqualityComparer.Default))
        && (ReturnsIn(forLoop).Any() || forLoop.Body.Descendants().OfType<IBranchOperation>().Any(b => b.BranchKind == BranchKind.Break && IsOwnBranch(b, forLoop)));

    private void EffectLoop(ILoopOperation loop)
    {
        var (condition, top, before, bottom) = loop switch
        {
            IForLoopOperation forLoop => (forLoop.Condition!, true, forLoop.Before, forLoop.AtLoopBottom),
            _ => (((IWhileLoopOperation)loop).Condition!, ((IWhileLoopOperation)loop).ConditionIsTop, ImmutableArray<IOperation>.Empty, ImmutableArray<IOperation>.Empty),
        };
        foreach (var initializer in before)
        {
            ParseStatement(initializer);
        }

        var go = new BreakFlag("go" + _ops.Count.ToString(CultureInfo.InvariantCulture), loop);
        if (top)
        {
            _current[go] = Operand(condition);
        }
        else
        {
            _current[go] = Flag(true, string.Empty);
        }

        Loop(
            loop,
            () => Derived("bool", _ops[_current[go]].Name, Reads([_current[go]])),
            () =>
            {
                ParseLoopBody(loop.Body);
                var stopped = _loops.Peek();
                if (_current.TryGetValue(stopped, out var broken))
                {
                    // After a break (or a return) neither the update nor the test runs.
                    If(() => Derived("bool", "!" + _ops[broken].Name, Reads([broken])), Next, () => { }, null);
                }
                else
                {
                    Next();
                }
            },
            go);

        void Next()
        {
            foreach (var update in bottom)
            {
                ParseStatement(update);
            }

            _current[go] = Operand(condition);
        }
    }

    /// <summary>Why an assignment or step inside an expression is not supported (its target is not one of the method's variables).</summary>
    private static string EffectMessage(IOperation operation)
    {
        var target = operation switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation step => step.Target,
            _ => null,
        };
        return target switch
        {
            IFieldReferenceOperation field => $"{Quote(operation)} writes the field '{field.Field.Name}', and a [Differentiable] method must not change state; return the value instead",
            IPropertyReferenceOperation { Property.IsIndexer: false } property => $"{Quote(operation)} writes the property '{property.Property.Name}', and a [Differentiable] method must not change state; return the value instead",
            IArrayElementReferenceOperation or IPropertyReferenceOperation => $"{Quote(operation)} writes an element inside an expression, which the gradient cannot follow; write it as its own statement, or build the values as a Tensor (Tensor.Stack, Tensor.Cat)",
            ILocalReferenceOperation { Local.RefKind: not RefKind.None } or IParameterReferenceOperation { Parameter.RefKind: not RefKind.None } =>
                $"{Quote(operation)} writes through a ref variable inside an expression, which is not supported; write it as its own statement",
            _ => $"{Quote(operation)} inside an expression is not supported here; write it as its own statement",
        };
    }
}
