using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>Expressions: operators, calls, indexers, tensor lists and the constants that stop the gradient.</summary>
internal sealed partial class BodyParser
{
    private int Visit(IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (AggregateValue(operation) is { } aggregate)
        {
            return aggregate;
        }

        if (operation is IInvocationOperation inlined && Inlining.IsInlined(inlined.TargetMethod))
        {
            return Inline(inlined);
        }

        if (IsLocalEffect(operation))
        {
            return Effect(operation);
        }

        if (!operation.ConstantValue.HasValue && DependsOnDifferentiable(operation) && StopReason(operation) is { } reason)
        {
            // The gradient stops here (a cast to int, a comparison used as a value): kept as a constant, and the
            // analyzers warn unless the operand was detached first.
            _diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.GradientStops.Id, operation.Syntax.GetLocation(), _methodName, SourceText(operation), reason));
            return Constant(operation);
        }

        // Values of other types (a comparison, a cast to int, ArgMax) stop the gradient: they are kept as constants.
        if (operation.ConstantValue.HasValue || !DependsOnDifferentiable(operation)
            || (Symbols.KindOf(operation.Type) == ValueKind.None && operation is not IConditionalOperation && operation is not IParameterReferenceOperation and not ILocalReferenceOperation))
        {
            return Constant(operation);
        }

        switch (operation)
        {
            case IParameterReferenceOperation or ILocalReferenceOperation or IInstanceReferenceOperation:
                return _current[Referenced(operation)!];
            case IMemberReferenceOperation { Instance: { } owner } member when Symbols.KindOf(owner.Type) == ValueKind.Module && member is IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.Length: 0 }:
                return MemberRead(member, owner);
            case IParenthesizedOperation parenthesized:
                return Visit(parenthesized.Operand);
            case IConversionOperation { Conversion.IsIdentity: true } identity:
                return Visit(identity.Operand);

            // A model passed as its base model (an implicit reference conversion) is the same object: it keeps its
            // own type, so the gradient a base's method returns for it is lifted to the model's own gradient.
            case IConversionOperation { Conversion: { IsImplicit: true, IsReference: true }, Operand: { } model } upcast
                when Symbols.KindOf(upcast.Type) == ValueKind.Module && Symbols.KindOf(model.Type) == ValueKind.Module:
                return Visit(model);
            // A number of another type computed from differentiable values ((int)x, s.Length) and converted back to
            // double or float: the gradient stopped at that number (ADG0005 there), so the conversion is a constant.
            case IConversionOperation { Operand: { } number } conversion when Symbols.KindOf(number.Type) == ValueKind.None && conversion.Type is not null:
                var stopped = Visit(number);
                var type = Symbols.Global(conversion.Type);
                return Add(new Op(OpKind.Constant, ValueKind.None, type, "((" + type + ")" + _ops[stopped].Name + ")", new EquatableArray<int>(new[] { stopped }), null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), SourceText(conversion), null));
            case IBinaryOperation binary:
                return Binary(binary, binary.OperatorKind, binary.OperatorMethod, Visit(binary.LeftOperand), Visit(binary.RightOperand), binary.LeftOperand.Type!, binary.RightOperand.Type!);
            case IUnaryOperation unary:
                return Unary(unary);
            case IInvocationOperation invocation:
                return Invocation(invocation);

            // One element of a tuple or list an op returns (x.Max(1).Values, x.Chunk(2)[0]): a value of its own,
            // whose rule is the element's.
            case IFieldReferenceOperation { Instance: IInvocationOperation tupled, Field: { } field } read
                when TupleElementName(tupled, field) is { } element:
                return Invocation(tupled, read, element);
            case IArrayElementReferenceOperation { ArrayReference: IInvocationOperation listed, Indices.Length: 1 } item
                when IsListOp(listed) && item.Indices[0].Type?.SpecialType == SpecialType.System_Int32 && !DependsOnDifferentiable(item.Indices[0]):
                return Invocation(listed, item, "[]", item.Indices[0]);
            case ISwitchExpressionOperation switchExpression:
                return SwitchExpression(switchExpression);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                var values = new int[2];
                If(conditional.Condition, () => values[0] = Visit(conditional.WhenTrue), () => values[1] = Visit(whenFalse), values);
                return _ops.Count - 1;
            case IPropertyReferenceOperation { Property.GetMethod: { } getter, Instance: { } instance, Arguments.Length: 0 } property:
                return Call(property, "{0}." + property.Property.Name, new[] { Visit(instance) }, Symbols.Key(getter));
            case IPropertyReferenceOperation { Property.GetMethod: { } indexer, Instance: { } indexed } element:
                return Indexer(element, indexer, indexed);
            case ICollectionExpressionOperation collection when Symbols.KindOf(collection.Type) == ValueKind.TensorList:
                return Pack(collection, collection.Elements);
            case IArrayCreationOperation { Initializer: { } initializer } array when Symbols.KindOf(array.Type) == ValueKind.TensorList:
                return Pack(array, initializer.ElementValues);
            case IConversionOperation { Operand: { } converted } conversion when Symbols.KindOf(conversion.Type) == ValueKind.TensorList:
                return Visit(converted);
            case IConversionOperation floating when IsFloatingConversion(floating):
                return FloatingConversion(floating);
            default:
                Unsupported(operation, Describe(operation));
                return Constant(operation);
        }
    }

    private int Binary(IOperation operation, BinaryOperatorKind kind, IMethodSymbol? method, int left, int right, ITypeSymbol leftType, ITypeSymbol rightType)
    {
        var (name, symbol) = kind switch
        {
            BinaryOperatorKind.Add => ("op_Addition", "+"),
            BinaryOperatorKind.Subtract => ("op_Subtraction", "-"),
            BinaryOperatorKind.Multiply => ("op_Multiply", "*"),
            BinaryOperatorKind.Divide => ("op_Division", "/"),
            _ => (null, null),
        };
        if (name is null)
        {
            Unsupported(operation, OperatorMessage(operation, kind));
            return Constant(operation);
        }

        // Built-in operators (double + double) have no method symbol; their rules are declared on the type.
        var key = method is not null
            ? Symbols.Key(method)
            : Symbols.Key(operation.Type!, name, new[] { leftType, rightType });
        return Call(operation, "{0} " + symbol + " {1}", new[] { left, right }, key);
    }

    private int Unary(IUnaryOperation unary)
    {
        var (name, symbol) = unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => ("op_UnaryNegation", "-"),
            UnaryOperatorKind.Plus => ("op_UnaryPlus", "+"),
            _ => (null, null),
        };
        if (name is null)
        {
            Unsupported(unary, $"{Quote(unary)} applies an operator with no derivative to a differentiable value; write it with +, -, *, / and Math functions");
            return Constant(unary);
        }

        var key = unary.OperatorMethod is not null
            ? Symbols.Key(unary.OperatorMethod)
            : Symbols.Key(unary.Type!, name, new[] { unary.Operand.Type! });
        return Call(unary, symbol + "{0}", new[] { Visit(unary.Operand) }, key);
    }

    /// <summary>
    /// A call to an op with a rule. With <paramref name="element"/>, the value is that element of the tuple the op
    /// returns (<paramref name="read"/> is the field read), keyed as the op's key and the element's name.
    /// </summary>
    private int Invocation(IInvocationOperation invocation, IOperation? read = null, string? element = null, IOperation? position = null)
    {
        var method = invocation.TargetMethod;
        if (Symbols.HasAttribute(method.OriginalDefinition, Symbols.DifferentiableAttribute))
        {
            return DifferentiableCall(invocation, method);
        }

        if (method.ContainingType.TypeKind == TypeKind.Delegate)
        {
            Unsupported(invocation, DelegateMessage(invocation));
            return Constant(invocation);
        }

        var args = new List<int>();
        var template = new StringBuilder();
        var index = 0;
        if (!method.IsStatic)
        {
            if (invocation.Instance is null)
            {
                Unsupported(invocation, $"{Quote(invocation)} calls an instance method on an implicit receiver, which is not supported; call it on an explicit receiver");
                return Constant(invocation);
            }

            args.Add(Visit(invocation.Instance));
            template.Append("{0}.").Append(method.Name).Append(TypeArguments(method)).Append('(');
            index = 1;
        }
        else
        {
            template.Append(Symbols.Global(method.ContainingType)).Append('.').Append(method.Name).Append(TypeArguments(method)).Append('(');
        }

        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (index > (method.IsStatic ? 0 : 1))
            {
                template.Append(", ");
            }

            args.Add(argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation array
                ? ParamsArray(array)
                : Visit(argument.Value));
            template.Append('{').Append(index.ToString(CultureInfo.InvariantCulture)).Append('}');
            index++;
        }

        template.Append(')');
        if (position is not null)
        {
            template.Append("[{").Append(args.Count.ToString(CultureInfo.InvariantCulture)).Append("}]");
            args.Add(Visit(position));
        }
        else if (element is not null)
        {
            template.Append('.').Append(element);
        }

        return Call(read ?? invocation, template.ToString(), args, Symbols.Key(method) + (element is null ? string.Empty : "." + element));
    }

    /// <summary>A list of tensors, like <c>[a, b]</c> in <c>Tensor.Cat([a, b], 1)</c>: built as an array, adjoint split per element.</summary>
    private int Pack(IOperation operation, ImmutableArray<IOperation> elements)
    {
        var args = new List<int>();
        var template = new StringBuilder("new global::AutoDiffGen.Tensor[] { ");
        foreach (var element in elements)
        {
            if (element is ISpreadOperation)
            {
                Unsupported(element, $"the spread {Quote(element)} in a list of tensors is not supported; list the tensors one by one");
                return Constant(operation);
            }

            if (args.Count > 0)
            {
                template.Append(", ");
            }

            template.Append('{').Append(args.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
            args.Add(Visit(element));
        }

        template.Append(" }");
        return Add(new Op(
            OpKind.Pack,
            ValueKind.TensorList,
            "global::AutoDiffGen.Tensor[]",
            template.ToString(),
            new EquatableArray<int>(args),
            null,
            Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            SourceText(operation),
            DiagnosticFactory.Location(operation.Syntax.GetLocation())));
    }

    /// <summary>An indexer read, like <c>h[..^1]</c> or <c>x[0, 1]</c>: its rule scatters the adjoint back into a zero tensor.</summary>
    private int Indexer(IPropertyReferenceOperation element, IMethodSymbol getter, IOperation indexed)
    {
        var args = new List<int> { Visit(indexed) };
        var template = new StringBuilder("{0}[");
        foreach (var argument in element.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (args.Count > 1)
            {
                template.Append(", ");
            }

            template.Append('{').Append(args.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
            args.Add(argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation array
                ? ParamsArray(array)
                : Visit(argument.Value));
        }

        template.Append(']');
        return Call(element, template.ToString(), args, Symbols.Key(getter));
    }

    /// <summary>A call to another [Differentiable] method: forward through its WithPullback, backward through the pullback.</summary>
    private int DifferentiableCall(IInvocationOperation invocation, IMethodSymbol method)
    {
        if (method.IsGenericMethod)
        {
            Unsupported(invocation, $"{Quote(invocation)} calls the generic [Differentiable] method '{method.Name}', which is not supported; write a non-generic overload for the type it is called with (double, float or Tensor)");
            return Constant(invocation);
        }

        // An override may run instead of the body the callee's gradient was generated from (and none is generated).
        if (Symbols.Overridable(method) is { } overridable)
        {
            _diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.VirtualDifferentiable.Id, invocation.Syntax.GetLocation(), _methodName, $"it calls '{method.ContainingType.Name}.{method.Name}', which {overridable}"));
            return Constant(invocation);
        }

        // A method that calls itself gets a class pullback (a struct cannot contain itself); so do methods that
        // call each other, found across all methods from DifferentiableCallees (CallCycles).
        if (SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, _method.OriginalDefinition))
        {
            IsRecursive = true;
        }

        DifferentiableCallees.Add(Symbols.Key(method.OriginalDefinition));

        var args = new List<int>();
        var differentiable = new List<bool>();
        var models = new List<string>();
        var template = new StringBuilder();
        var index = 0;
        if (method.IsStatic)
        {
            template.Append(Symbols.Global(method.ContainingType));
        }
        else
        {
            // A model's method differentiates with respect to its receiver (the model's parameters); any other
            // instance method's receiver is data (its fields are constants to the callee): an argument with no adjoint.
            var model = Symbols.IsModule(method.ContainingType);
            if (invocation.Instance is null || (!model && DependsOnDifferentiable(invocation.Instance)))
            {
                Unsupported(invocation, $"{Quote(invocation)} calls the [Differentiable] method '{method.Name}' on a receiver computed from differentiable values, whose gradient is not supported; pass those values as arguments instead");
                return Constant(invocation);
            }

            args.Add(model && DependsOnDifferentiable(invocation.Instance)
                ? Visit(invocation.Instance)
                : invocation.Instance is IInstanceReferenceOperation { IsImplicit: true } && !_current.ContainsKey(_thisKey)
                ? Derived(Symbols.Global(invocation.Instance.Type!), "this", default, "this")
                : Constant(invocation.Instance));
            differentiable.Add(model && Symbols.IsReceiverSelected(method));
            models.Add(model ? Symbols.Global(method.ContainingType) : string.Empty);

            // A receiver typed as a derived model (this in a derived class, base.Forward(x) where the derived class
            // has a Forward of its own) is cast to the callee's type, so the call binds to the callee's generated
            // members and not to ones of the same name a derived class declares.
            var declaring = Symbols.Global(method.ContainingType);
            var inherited = _ops[args[0]].TypeName.TrimEnd('?') != declaring
                || (invocation.Instance is IInstanceReferenceOperation && !SymbolEqualityComparer.Default.Equals(method.ContainingType, _method.ContainingType));
            template.Append(inherited ? "((" + declaring + "){0})" : "{0}");
            index = 1;
        }

        template.Append('.').Append(method.Name).Append("WithPullback(");
        var first = index;
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (index > first)
            {
                template.Append(", ");
            }

            // A differentiable value passed to a [NoDiff] parameter gets no adjoint back from the callee: warn,
            // as for any other place the gradient stops (PyTorch has no such cut unless the value is detached).
            if (argument.Parameter is { } noDiff && Symbols.HasAttribute(noDiff, Symbols.NoDiffAttribute)
                && Symbols.KindOf(noDiff.Type) is ValueKind.Tensor or ValueKind.Double or ValueKind.Float
                && !argument.Value.ConstantValue.HasValue && DependsOnDifferentiable(argument.Value))
            {
                _diagnostics.Add(DiagnosticFactory.Create(
                    DiagnosticDescriptors.GradientStops.Id,
                    argument.Value.Syntax.GetLocation(),
                    _methodName,
                    SourceText(argument.Value),
                    $"it is passed to '{noDiff.Name}' of '{method.ContainingType.Name}.{method.Name}', which is [NoDiff]"));
            }

            args.Add(Visit(argument.Value));
            differentiable.Add(argument.Parameter is not null && Symbols.IsDifferentiable(method, argument.Parameter));
            models.Add(argument.Parameter is { } declared && Symbols.KindOf(declared.Type) == ValueKind.Module ? Symbols.Global(declared.Type) : string.Empty);
            template.Append('{').Append(index.ToString(CultureInfo.InvariantCulture)).Append('}');
            index++;
        }

        template.Append(')');
        var callee = new CalleeModel(
            Symbols.Global(method.ContainingType) + "." + method.Name,
            Symbols.Global(method.ContainingType) + "." + method.Name + "Pullback",
            new EquatableArray<bool>(differentiable),
            new EquatableArray<string>(models),
            Symbols.Key(method.OriginalDefinition));
        return Add(new Op(
            OpKind.Call,
            Symbols.KindOf(invocation.Type),
            Symbols.Global(invocation.Type!),
            template.ToString(),
            new EquatableArray<int>(args),
            null,
            Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            SourceText(invocation),
            DiagnosticFactory.Location(invocation.Syntax.GetLocation()),
            callee));
    }

    /// <summary>
    /// A read of a model's member: a [Parameter] tensor or a child model becomes a value whose adjoint is that member
    /// of the model's gradient; any other member (a size, a flag, a buffer) is data.
    /// </summary>
    private int MemberRead(IMemberReferenceOperation member, IOperation owner)
    {
        if (!Symbols.IsDifferentiableMember(member.Member))
        {
            return Constant(member);
        }

        var receiver = Visit(owner);
        return Add(new Op(
            OpKind.Call,
            Symbols.KindOf(member.Type),
            member.Type!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)),
            "{0}." + member.Member.Name,
            new EquatableArray<int>(new[] { receiver }),
            null,
            Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            SourceText(member),
            DiagnosticFactory.Location(member.Syntax.GetLocation()),
            Member: member.Member.Name));
    }

    private int Call(IOperation operation, string template, IReadOnlyList<int> args, string key) =>
        Add(new Op(
            OpKind.Call,
            Symbols.KindOf(operation.Type),
            Symbols.Global(operation.Type!),
            template,
            new EquatableArray<int>(args),
            key,
            Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            SourceText(operation),
            DiagnosticFactory.Location(operation.Syntax.GetLocation())));

    private bool DependsOnDifferentiable(IOperation operation)
    {
        // .Detach() makes its operand a constant: nothing under it counts; nor does anything under a constant
        // (nameof(x) names x but does not read it).
        if (IsDetach(operation) || operation.ConstantValue.HasValue)
        {
            return false;
        }

        if (AggregateDepends(operation) is { } aggregate)
        {
            return aggregate;
        }

        var symbol = Referenced(operation);
        if (symbol is not null && _current.TryGetValue(symbol, out var value) && _ops[value].Type != ValueKind.None)
        {
            return true;
        }

        // A model's sizes, flags and buffers are data even when the model is differentiable; only its
        // [Parameter] tensors and child models carry gradients.
        if (operation is IMemberReferenceOperation { Instance: { } owner } member && Symbols.KindOf(owner.Type) == ValueKind.Module
            && member is IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.Length: 0 }
            && !Symbols.IsDifferentiableMember(member.Member))
        {
            return false;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (DependsOnDifferentiable(child))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDetach(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "Detach" } detach }
        && detach.ContainingNamespace?.ToDisplayString() == "AutoDiffGen";

    /// <summary>Why a value computed from differentiable ones carries no gradient, or null when it does.</summary>
    private static string? StopReason(IOperation operation) => operation switch
    {
        IConversionOperation { Conversion.IsIdentity: false } conversion
            when Symbols.KindOf(conversion.Type) == ValueKind.None && Symbols.KindOf(conversion.Operand.Type) != ValueKind.None && conversion.Type is not null =>
            $"a cast to {conversion.Type.ToDisplayString()} is not differentiable",
        IBinaryOperation
        {
            OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual,
        } => "a comparison used as a value is not differentiable",
        IInvocationOperation invocation
            when Symbols.KindOf(invocation.Type) == ValueKind.None && invocation.Type is not null
            && invocation.Arguments.Any(a => Symbols.KindOf(a.Value.Type) is ValueKind.Double or ValueKind.Float) =>
            $"'{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name}' returns {invocation.Type.ToDisplayString()}, which is not differentiable",
        _ => null,
    };

    /// <summary>A variable name no parameter or earlier value uses.</summary>
    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 2; !_names.Add(candidate); i++)
        {
            candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private int Add(Op op)
    {
        _ops.Add(op);
        _block.Add(Item.Value(_ops.Count - 1));
        return _ops.Count - 1;
    }

    private static string SourceText(IOperation operation)
    {
        var text = operation.Syntax.ToString();
        var line = text.IndexOfAny(new[] { '\r', '\n' });
        return line >= 0 ? text.Substring(0, line) + " …" : text;
    }
}
