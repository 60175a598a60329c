using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static AutoDiffGen.Generators.Analyzers.ShapeInference;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>The Tensor API as the shape walker sees it: creation, views, matrix products, broadcasting operators.</summary>
internal sealed partial class ShapeWalker
{
    private static readonly HashSet<string> _creations = new(StringComparer.Ordinal) { "Zeros", "Ones", "Empty", "Full", "Rand", "Randn", "RandInt", "Bernoulli" };

    private static readonly HashSet<string> _broadcasting = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Pow", "Maximum", "Minimum", "Eq", "Ne", "Gt", "Ge", "Lt", "Le", "LogicalAnd", "LogicalOr", "LogicalXor",
    };

    private static readonly HashSet<string> _inPlace = new(StringComparer.Ordinal) { "AddInPlace", "SubInPlace", "MulInPlace", "DivInPlace" };

    private static readonly HashSet<string> _keepShape = new(StringComparer.Ordinal)
    {
        "Exp", "Log", "Sqrt", "Abs", "Sin", "Cos", "Tanh", "Sigmoid", "Relu", "Floor", "Ceil", "Round", "Sign", "Reciprocal", "Square",
        "Neg", "Clamp", "Pow", "Add", "Sub", "Mul", "Div", "Eq", "Ne", "Gt", "Ge", "Lt", "Le", "LogicalNot", "Contiguous", "Clone",
        "Detach", "To", "Cpu", "Softmax", "LogSoftmax", "Bernoulli", "FillInPlace", "ZeroInPlace", "UniformInPlace", "NormalInPlace",
        "AddInPlace", "SubInPlace", "MulInPlace", "DivInPlace", "PowInPlace", "NegInPlace", "ExpInPlace", "ReluInPlace", "SqrtInPlace",
        "AbsInPlace",
    };

    private static readonly HashSet<string> _reductions = new(StringComparer.Ordinal) { "Sum", "Mean", "Max", "Min", "ArgMax", "ArgMin", "Norm" };

    private int[]? Invocation(IInvocationOperation invocation)
    {
        var self = Eval(invocation.Instance);
        var method = invocation.TargetMethod;
        // Padded so that a rule never reads past the arguments: a missing one is unknown.
        var args = Enumerable.Repeat(new Arg { Int = Unknown }, Math.Max(method.Parameters.Length, 3)).ToArray();
        foreach (var argument in invocation.Arguments)
        {
            var value = EvalArgument(argument.Value, argument.Parameter?.Type);
            if (argument.Parameter is { } parameter && parameter.Ordinal < args.Length)
            {
                args[parameter.Ordinal] = value;
            }
        }

        if (!IsTensor(method.ContainingType) || !IsTensor(method.ReturnType))
        {
            return null;
        }

        var name = method.Name;
        var tensorParameter = method.Parameters.Length > 0 && IsTensor(method.Parameters[0].Type);
        if (method.IsStatic)
        {
            return Static(invocation, method, args);
        }

        if (self is null)
        {
            // Only a requested shape can be known of a tensor whose own shape is not.
            return name is "View" or "Reshape" && args[0].Ints is { } unknownRequest
                ? Checked(invocation, name, "cannot reshape this tensor", InferSize(unknownRequest, Unknown, null, null, out var error), error)
                : null;
        }

        return name switch
        {
            "View" or "Reshape" when args[0].Ints is { } request => Checked(invocation, name, "cannot reshape this tensor", InferSize(request, NumElements(self), self, "a tensor of shape", out var error), error),
            "ViewAs" or "ReshapeAs" when args[0].Shape is { } other => Checked(invocation, name, "cannot reshape this tensor", InferSize(other, NumElements(self), self, "a tensor of shape", out var error), error),
            "Expand" when args[0].Ints is { } sizes => Checked(invocation, name, "cannot expand this tensor", Expand(self, sizes, out var error), error),
            "ExpandAs" when args[0].Shape is { } other => Checked(invocation, name, "cannot expand this tensor", Expand(self, other, out var error), error),
            "MatMul" when tensorParameter => MatMulLike(invocation, name, self, args[0].Shape, ShapeInference.MatMul),
            "Mm" when tensorParameter => MatMulLike(invocation, name, self, args[0].Shape, Mm),
            "Dot" when tensorParameter => MatMulLike(invocation, name, self, args[0].Shape, Dot),
            "Dist" when tensorParameter => Broadcasting(invocation, name, self, args[0].Shape) is null ? null : [],
            _ when tensorParameter && _broadcasting.Contains(name) => Broadcasting(invocation, name, self, args[0].Shape),
            _ when tensorParameter && _inPlace.Contains(name) => InPlace(invocation, name, self, args[0].Shape),
            _ when _keepShape.Contains(name) && !method.Parameters.Any(p => IsTensor(p.Type)) => self,
            _ when _reductions.Contains(name) => Reduction(self, method, args),
            _ => Views(name, self, args, method.Parameters.Length),
        };
    }

    private int[]? Static(IInvocationOperation invocation, IMethodSymbol method, Arg[] args)
    {
        var parameters = method.Parameters;
        switch (method.Name)
        {
            case var creation when _creations.Contains(creation):
                var shapeIndex = parameters.FirstOrDefault(p => p.Name == "shape")?.Ordinal ?? -1;
                return shapeIndex >= 0 && args[shapeIndex].Ints is { } shape && shape.All(s => s >= 0 || s == Unknown) ? shape : null;
            case "Scalar":
                return [];
            case "Eye":
                var n = args[0].Int;
                var m = NullableInt(args[1].Value, n);
                return (n >= 0 || n == Unknown) && (m >= 0 || m == Unknown) ? [n, m] : null;
            case "RandPerm" or "Linspace":
                var size = args[method.Name == "RandPerm" ? 0 : 2].Int;
                return size >= 0 || size == Unknown ? [size] : null;
            case "Arange":
                return Arange(args.Take(Math.Min(parameters.Length, 3)).ToArray());
            case "ZerosLike" or "OnesLike" or "EmptyLike" or "FullLike" or "RandLike" or "RandnLike":
                return args[0].Shape;
            case "MatMul" when parameters.Length == 2:
                return args[0].Shape is { } a ? MatMulLike(invocation, "MatMul", a, args[1].Shape, ShapeInference.MatMul) : null;
            case "FromArray" when parameters.Length == 1:
                return ArrayShape(invocation.Arguments[0].Value);
            case "FromArray" when parameters.Length == 2 && args[1].Ints is { } requested:
                var data = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
                var length = DataLength(data);
                return Checked(invocation, "FromArray", "cannot shape this data", InferSize(requested, length, length == Unknown ? null : [length], "data of shape", out var error), error);
            default:
                return null;
        }
    }

    private static int[]? Views(string name, int[] self, Arg[] args, int count)
    {
        var rank = self.Length;
        switch (name)
        {
            case "Flatten":
                if (rank == 0)
                {
                    return [1];
                }

                int start = NormalizeDim(args[0].Int, rank), end = NormalizeDim(args[1].Int, rank);
                if (start < 0 || end < start)
                {
                    return null;
                }

                var span = self.Skip(start).Take(end - start + 1).ToArray();
                var merged = NumElements(span);
                return [.. self.Take(start), merged, .. self.Skip(end + 1)];
            case "Squeeze" when count == 0:
                return self.Contains(Unknown) ? null : self.Where(s => s != 1).ToArray();
            case "Squeeze":
                var squeezed = NormalizeDim(args[0].Int, Math.Max(rank, 1));
                return squeezed < 0 ? null : rank == 0 ? self : self[squeezed] == 1 ? RemoveAt(self, squeezed) : self[squeezed] == Unknown ? null : self;
            case "Unsqueeze":
                var inserted = NormalizeDim(args[0].Int, rank + 1);
                return inserted < 0 ? null : InsertAt(self, inserted, 1);
            case "Transpose":
                int d0 = NormalizeDim(args[0].Int, Math.Max(rank, 1)), d1 = NormalizeDim(args[1].Int, Math.Max(rank, 1));
                if (d0 < 0 || d1 < 0 || rank == 0)
                {
                    return d0 < 0 || d1 < 0 ? null : self;
                }

                var swapped = (int[])self.Clone();
                (swapped[d0], swapped[d1]) = (swapped[d1], swapped[d0]);
                return swapped;
            case "Permute" when args[0].Ints is { } dims && dims.Length == rank:
                var order = dims.Select(d => NormalizeDim(d, rank)).ToArray();
                return order.Any(d => d < 0) || order.Distinct().Count() != rank ? null : order.Select(d => self[d]).ToArray();
            case "Narrow":
                var narrowed = NormalizeDim(args[0].Int, rank);
                return narrowed < 0 || args[2].Int < 0 ? null : self.Select((s, i) => i == narrowed ? args[2].Int : s).ToArray();
            case "Select":
                var selected = NormalizeDim(args[0].Int, rank);
                return selected < 0 ? null : RemoveAt(self, selected);
            case "Diagonal":
                return rank != 2 ? null : self.Contains(Unknown) ? [Unknown] : [Math.Min(self[0], self[1])];
            default:
                return null;
        }
    }

    private static int[]? Reduction(int[] self, IMethodSymbol method, Arg[] args)
    {
        if (method.Parameters.Length == 0 || method.Name == "Norm")
        {
            return [];
        }

        var dims = args[0].Ints ?? (args[0].Int == Unknown ? null : [args[0].Int]);
        var keepDim = args[1].Constant is { HasValue: true, Value: bool keep } ? keep : (bool?)null;
        return dims is null ? null : Reduce(self, dims, keepDim);
    }

    private int[]? Property(IPropertyReferenceOperation property)
    {
        var self = Eval(property.Instance);
        foreach (var argument in property.Arguments)
        {
            Eval(argument);
        }

        if (self is null || !IsTensor(property.Property.ContainingType))
        {
            return null;
        }

        return property.Property.Name switch
        {
            "T" => Enumerable.Reverse(self).ToArray(),
            "MT" when self.Length >= 2 => [.. self.Take(self.Length - 2), self[self.Length - 1], self[self.Length - 2]],
            _ => null,
        };
    }

    private int[]? Binary(IBinaryOperation binary)
    {
        var left = Eval(binary.LeftOperand);
        var right = Eval(binary.RightOperand);
        if (!IsTensor(binary.OperatorMethod?.ContainingType))
        {
            return null;
        }

        var leftTensor = IsTensor(binary.LeftOperand.Type);
        var rightTensor = IsTensor(binary.RightOperand.Type);
        return leftTensor && rightTensor
            ? Broadcasting(binary, OperatorText(binary.OperatorKind), left, right)
            : leftTensor ? left : rightTensor ? right : null;
    }

    private int[]? Compound(ICompoundAssignmentOperation compound, ILocalReferenceOperation target)
    {
        var left = Eval(target);
        var right = Eval(compound.Value);
        return !IsTensor(compound.OperatorMethod?.ContainingType) ? null
            : !IsTensor(compound.Value.Type) ? left
            : Broadcasting(compound, OperatorText(compound.OperatorKind) + "=", left, right);
    }

    private int[]? Broadcasting(IOperation operation, string name, int[]? a, int[]? b) =>
        a is null || b is null ? null : Checked(operation, name, "cannot broadcast these shapes", Broadcast(a, b, out var error), error);

    private int[]? InPlace(IOperation operation, string name, int[] self, int[]? other)
    {
        if (other is null || Broadcasting(operation, name, self, other) is not { } broadcast)
        {
            return other is null ? self : null;
        }

        if (broadcast.Length != self.Length || broadcast.Where((s, i) => s != Unknown && self[i] != Unknown && s != self[i]).Any())
        {
            Report(operation, $"'{name}' cannot write the result into this tensor", $"output with shape {Format(self)} doesn't match the broadcast shape {Format(broadcast)} of this tensor and the other operand ({Format(other)}); an in-place result keeps this tensor's shape, so use the out-of-place operator instead");
            return null;
        }

        return self;
    }

    private delegate int[]? ProductRule(int[] a, int[] b, out string? error);

    private int[]? MatMulLike(IOperation operation, string name, int[] a, int[]? b, ProductRule rule) =>
        b is null ? null : Checked(operation, name, "cannot multiply these shapes", rule(a, b, out var error), error);

    private int[]? Checked(IOperation operation, string name, string what, int[]? shape, string? error)
    {
        if (error is not null)
        {
            Report(operation, $"'{name}' {what}", error);
        }

        return shape;
    }

    private static string OperatorText(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => "+",
        BinaryOperatorKind.Subtract => "-",
        BinaryOperatorKind.Multiply => "*",
        BinaryOperatorKind.Divide => "/",
        _ => kind.ToString(),
    };
}
