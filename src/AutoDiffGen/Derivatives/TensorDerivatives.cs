namespace AutoDiffGen.Derivatives;

/// <summary>
/// Derivative rules (vector-Jacobian products) for tensor operators and methods. Broadcasting is undone with
/// <see cref="Tensor.SumToSize"/>, so an operand's adjoint always has the operand's shape; a .NET scalar operand's
/// adjoint is the sum of its contributions.
/// </summary>
public static class TensorDerivatives
{
    [DerivativeOf(typeof(Tensor), "op_Addition", Elementwise = "add")]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Add))]
    public static (Tensor A, Tensor B) Add(Tensor a, Tensor b, Tensor result, Tensor adjoint) =>
        (adjoint.SumToSize(a._shape), adjoint.SumToSize(b._shape));

    [DerivativeOf(typeof(Tensor), "op_Addition", Elementwise = "add")]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Add))]
    public static (Tensor A, double B) Add(Tensor a, double b, Tensor result, Tensor adjoint) => (adjoint, SumOf(adjoint));

    [DerivativeOf(typeof(Tensor), "op_Addition", Elementwise = "add")]
    public static Tensor Add(Tensor a, long b, Tensor result, Tensor adjoint) => adjoint;

    [DerivativeOf(typeof(Tensor), "op_Addition", Elementwise = "add")]
    public static (double A, Tensor B) Add(double a, Tensor b, Tensor result, Tensor adjoint) => (SumOf(adjoint), adjoint);

    [DerivativeOf(typeof(Tensor), "op_Addition", Elementwise = "add")]
    public static Tensor Add(long a, Tensor b, Tensor result, Tensor adjoint) => adjoint;

    [DerivativeOf(typeof(Tensor), "op_Subtraction", Elementwise = "sub")]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sub))]
    public static (Tensor A, Tensor B) Subtract(Tensor a, Tensor b, Tensor result, Tensor adjoint) =>
        (adjoint.SumToSize(a._shape), (-adjoint).SumToSize(b._shape));

    [DerivativeOf(typeof(Tensor), "op_Subtraction", Argument = 0)]
    public static Tensor SubtractLeft(Tensor a, Tensor b, Tensor result, Tensor adjoint) => adjoint.SumToSize(a._shape);

    [DerivativeOf(typeof(Tensor), "op_Subtraction", Argument = 1)]
    public static Tensor SubtractRight(Tensor a, Tensor b, Tensor result, Tensor adjoint) => (-adjoint).SumToSize(b._shape);

    [DerivativeOf(typeof(Tensor), "op_Subtraction", Elementwise = "sub")]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sub))]
    public static (Tensor A, double B) Subtract(Tensor a, double b, Tensor result, Tensor adjoint) => (adjoint, -SumOf(adjoint));

    [DerivativeOf(typeof(Tensor), "op_Subtraction", Elementwise = "sub")]
    public static Tensor Subtract(Tensor a, long b, Tensor result, Tensor adjoint) => adjoint;

    [DerivativeOf(typeof(Tensor), "op_Subtraction", Elementwise = "sub")]
    public static (double A, Tensor B) Subtract(double a, Tensor b, Tensor result, Tensor adjoint) => (SumOf(adjoint), -adjoint);

    [DerivativeOf(typeof(Tensor), "op_Subtraction", Elementwise = "sub")]
    public static Tensor Subtract(long a, Tensor b, Tensor result, Tensor adjoint) => -adjoint;

    [DerivativeOf(typeof(Tensor), "op_Multiply", Elementwise = "mul")]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Mul))]
    public static (Tensor A, Tensor B) Multiply(Tensor a, Tensor b, Tensor result, Tensor adjoint) =>
        ((adjoint * b).SumToSize(a._shape), (adjoint * a).SumToSize(b._shape));

    [DerivativeOf(typeof(Tensor), "op_Multiply", Argument = 0)]
    public static Tensor MultiplyLeft(Tensor a, Tensor b, Tensor result, Tensor adjoint) => (adjoint * b).SumToSize(a._shape);

    [DerivativeOf(typeof(Tensor), "op_Multiply", Argument = 1)]
    public static Tensor MultiplyRight(Tensor a, Tensor b, Tensor result, Tensor adjoint) => (adjoint * a).SumToSize(b._shape);

    [DerivativeOf(typeof(Tensor), "op_Multiply", Elementwise = "mul")]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Mul))]
    public static (Tensor A, double B) Multiply(Tensor a, double b, Tensor result, Tensor adjoint) => (adjoint * b, SumOf(adjoint * a));

    [DerivativeOf(typeof(Tensor), "op_Multiply", Elementwise = "mul")]
    public static Tensor Multiply(Tensor a, long b, Tensor result, Tensor adjoint) => adjoint * b;

    [DerivativeOf(typeof(Tensor), "op_Multiply", Elementwise = "mul")]
    public static (double A, Tensor B) Multiply(double a, Tensor b, Tensor result, Tensor adjoint) => (SumOf(adjoint * b), adjoint * a);

    [DerivativeOf(typeof(Tensor), "op_Multiply", Elementwise = "mul")]
    public static Tensor Multiply(long a, Tensor b, Tensor result, Tensor adjoint) => adjoint * a;

    [DerivativeOf(typeof(Tensor), "op_Division", Elementwise = "div")]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Div))]
    public static (Tensor A, Tensor B) Divide(Tensor a, Tensor b, Tensor result, Tensor adjoint) =>
        ((adjoint / b).SumToSize(a._shape), (-adjoint * result / b).SumToSize(b._shape));

    [DerivativeOf(typeof(Tensor), "op_Division", Argument = 0)]
    public static Tensor DivideLeft(Tensor a, Tensor b, Tensor result, Tensor adjoint) => (adjoint / b).SumToSize(a._shape);

    [DerivativeOf(typeof(Tensor), "op_Division", Argument = 1)]
    public static Tensor DivideRight(Tensor a, Tensor b, Tensor result, Tensor adjoint) => (-adjoint * result / b).SumToSize(b._shape);

    [DerivativeOf(typeof(Tensor), "op_Division", Elementwise = "div")]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Div))]
    public static (Tensor A, double B) Divide(Tensor a, double b, Tensor result, Tensor adjoint) => (adjoint / b, -SumOf(adjoint * result) / b);

    [DerivativeOf(typeof(Tensor), "op_Division", Elementwise = "div")]
    public static Tensor Divide(Tensor a, long b, Tensor result, Tensor adjoint) => adjoint / (double)b;

    [DerivativeOf(typeof(Tensor), "op_Division", Elementwise = "div")]
    public static (double A, Tensor B) Divide(double a, Tensor b, Tensor result, Tensor adjoint) => (SumOf(adjoint / b), -adjoint * result / b);

    [DerivativeOf(typeof(Tensor), "op_Division", Elementwise = "div")]
    public static Tensor Divide(long a, Tensor b, Tensor result, Tensor adjoint) => -adjoint * result / b;

    [DerivativeOf(typeof(Tensor), "op_UnaryNegation", Elementwise = "neg")]
    public static Tensor Negate(Tensor x, Tensor result, Tensor adjoint) => -adjoint;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Neg), Elementwise = "neg")]
    public static Tensor Neg(Tensor x, Tensor result, Tensor adjoint) => -adjoint;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Pow), Elementwise = "pow")]
    public static Tensor Pow(Tensor x, long exponent, Tensor result, Tensor adjoint) => exponent switch
    {
        0 => Tensor.ZerosLike(x),
        1 => adjoint,

        // The common square: 2·x·adjoint in two passes instead of four.
        2 => (adjoint * x).MulInPlace(2L),
        _ => adjoint * exponent * x.Pow(exponent - 1),
    };

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Pow), Elementwise = "pow")]
    public static (Tensor X, double Exponent) Pow(Tensor x, double exponent, Tensor result, Tensor adjoint) =>
        (exponent == 0 ? Tensor.ZerosLike(x) : adjoint * exponent * x.Pow(exponent - 1), SumOf(adjoint * result * x.Log()));

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Pow))]
    public static (Tensor X, Tensor Exponent) Pow(Tensor x, Tensor exponent, Tensor result, Tensor adjoint) =>
        ((adjoint * exponent * x.Pow(exponent - 1)).SumToSize(x._shape), (adjoint * result * x.Log()).SumToSize(exponent._shape));

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Exp), Elementwise = "exp")]
    public static Tensor Exp(Tensor x, Tensor result, Tensor adjoint) => adjoint * result;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Log), Elementwise = "log")]
    public static Tensor Log(Tensor x, Tensor result, Tensor adjoint) => adjoint / x;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sqrt), Elementwise = "sqrt")]
    public static Tensor Sqrt(Tensor x, Tensor result, Tensor adjoint) => adjoint / (2 * result);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Abs), Elementwise = "abs")]
    public static Tensor Abs(Tensor x, Tensor result, Tensor adjoint) => adjoint * x.Sign();

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sin), Elementwise = "sin")]
    public static Tensor Sin(Tensor x, Tensor result, Tensor adjoint) => adjoint * x.Cos();

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Cos), Elementwise = "cos")]
    public static Tensor Cos(Tensor x, Tensor result, Tensor adjoint) => -adjoint * x.Sin();

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Tanh), Elementwise = "tanh")]
    public static Tensor Tanh(Tensor x, Tensor result, Tensor adjoint) => adjoint * (1 - result.Square());

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sigmoid), Elementwise = "sigmoid")]
    public static Tensor Sigmoid(Tensor x, Tensor result, Tensor adjoint) => adjoint * result * (1 - result);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Relu), Elementwise = "relu")]
    public static Tensor Relu(Tensor x, Tensor result, Tensor adjoint) => Tensor.ReluGradient(x, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Square), Elementwise = "square")]
    public static Tensor Square(Tensor x, Tensor result, Tensor adjoint) => adjoint * x * 2;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Reciprocal), Elementwise = "reciprocal")]
    public static Tensor Reciprocal(Tensor x, Tensor result, Tensor adjoint) => -adjoint * result.Square();

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sum), Elementwise = "sum")]
    public static Tensor Sum(Tensor x, Tensor result, Tensor adjoint) => adjoint.Expand(x._shape);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sum))]
    public static Tensor Sum(Tensor x, int dim, bool keepDim, Tensor result, Tensor adjoint) =>
        (keepDim || x.Dim == 0 ? adjoint : adjoint.Unsqueeze(dim)).Expand(x._shape);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Mean), Elementwise = "mean")]
    public static Tensor Mean(Tensor x, Tensor result, Tensor adjoint) =>
        Tensor.FullLike(x, adjoint.ScalarValue() / Math.Max(1, x.NumElements));

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Mean))]
    public static Tensor Mean(Tensor x, int dim, bool keepDim, Tensor result, Tensor adjoint) =>
        (keepDim || x.Dim == 0 ? adjoint : adjoint.Unsqueeze(dim)).Expand(x._shape) / (double)(x.Dim == 0 ? 1 : x.Size(dim));

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Softmax))]
    public static Tensor Softmax(Tensor x, int dim, Tensor result, Tensor adjoint) =>
        result * (adjoint - (adjoint * result).Sum(dim, keepDim: true));

    [DerivativeOf(typeof(Tensor), nameof(Tensor.LogSoftmax))]
    public static Tensor LogSoftmax(Tensor x, int dim, Tensor result, Tensor adjoint) =>
        adjoint - (result.Exp() * adjoint.Sum(dim, keepDim: true));

    [DerivativeOf(typeof(Tensor), nameof(Tensor.MatMul))]
    public static (Tensor A, Tensor B) MatMul(Tensor a, Tensor b, Tensor result, Tensor adjoint)
    {
        if (a.Dim == 1 && b.Dim == 1)
        {
            return (adjoint * b, adjoint * a);
        }

        // Lift 1-D operands to matrices as MatMul does, multiply by the transposes, then undo batch broadcasting.
        var a2 = a.Dim == 1 ? a.Unsqueeze(0) : a;
        var b2 = b.Dim == 1 ? b.Unsqueeze(1) : b;
        var g = a.Dim == 1 ? adjoint.Unsqueeze(-2) : adjoint;
        g = b.Dim == 1 ? g.Unsqueeze(-1) : g;
        var ga = Tensor.MatMul(g, b2.MT).SumToSize(a2._shape).Reshape(a._shape);
        var gb = Tensor.MatMul(a2.MT, g).SumToSize(b2._shape).Reshape(b._shape);
        return (ga, gb);
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.MatMul), Argument = 0)]
    public static Tensor MatMulLeft(Tensor a, Tensor b, Tensor result, Tensor adjoint)
    {
        if (a.Dim == 1 && b.Dim == 1)
        {
            return adjoint * b;
        }

        var a2 = a.Dim == 1 ? a.Unsqueeze(0) : a;
        var b2 = b.Dim == 1 ? b.Unsqueeze(1) : b;
        var g = a.Dim == 1 ? adjoint.Unsqueeze(-2) : adjoint;
        g = b.Dim == 1 ? g.Unsqueeze(-1) : g;
        return Tensor.MatMul(g, b2.MT).SumToSize(a2._shape).Reshape(a._shape);
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.MatMul), Argument = 1)]
    public static Tensor MatMulRight(Tensor a, Tensor b, Tensor result, Tensor adjoint)
    {
        if (a.Dim == 1 && b.Dim == 1)
        {
            return adjoint * a;
        }

        var a2 = a.Dim == 1 ? a.Unsqueeze(0) : a;
        var b2 = b.Dim == 1 ? b.Unsqueeze(1) : b;
        var g = a.Dim == 1 ? adjoint.Unsqueeze(-2) : adjoint;
        g = b.Dim == 1 ? g.Unsqueeze(-1) : g;
        return Tensor.MatMul(a2.MT, g).SumToSize(b2._shape).Reshape(b._shape);
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.MatMul))]
    public static (Tensor A, Tensor B) MatMulInstance(Tensor a, Tensor b, Tensor result, Tensor adjoint) => MatMul(a, b, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Mm))]
    public static (Tensor A, Tensor B) Mm(Tensor a, Tensor b, Tensor result, Tensor adjoint) => (adjoint.Mm(b.T), a.T.Mm(adjoint));

    [DerivativeOf(typeof(Tensor), "get_T")]
    public static Tensor T(Tensor x, Tensor result, Tensor adjoint) => adjoint.T;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Transpose))]
    public static Tensor Transpose(Tensor x, int dim0, int dim1, Tensor result, Tensor adjoint) => adjoint.Transpose(dim0, dim1);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Reshape))]
    public static Tensor Reshape(Tensor x, int[] shape, Tensor result, Tensor adjoint) => adjoint.Reshape(x._shape);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.View))]
    public static Tensor View(Tensor x, int[] shape, Tensor result, Tensor adjoint) => adjoint.Reshape(x._shape);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Unsqueeze))]
    public static Tensor Unsqueeze(Tensor x, int dim, Tensor result, Tensor adjoint) => adjoint.Reshape(x._shape);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Squeeze))]
    public static Tensor Squeeze(Tensor x, int dim, Tensor result, Tensor adjoint) => adjoint.Reshape(x._shape);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Flatten))]
    public static Tensor Flatten(Tensor x, int startDim, int endDim, Tensor result, Tensor adjoint) => adjoint.Reshape(x._shape);

    // Dist(a, b, p) is Norm(a - b, p): the norm's adjoint, for a and (negated) for b, with broadcasting undone.
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Dist))]
    public static (Tensor A, Tensor B) Dist(Tensor a, Tensor b, [NoDiff] double p, Tensor result, Tensor adjoint)
    {
        var g = LinAlgDerivatives.Norm(a - b, p, result, adjoint);
        return (g.SumToSize(a._shape), (-g).SumToSize(b._shape));
    }

    [DerivativeOf(typeof(Tensor), "get_At")]
    public static Tensor At(Tensor x, TensorIndex[] indices, Tensor result, Tensor adjoint)
    {
        var gradient = Tensor.ZerosLike(x);
        gradient[indices] = adjoint;
        return gradient;
    }

    [DerivativeOf(typeof(Tensor), "get_At")]
    public static Tensor At(Tensor x, int index, Tensor result, Tensor adjoint)
    {
        var gradient = Tensor.ZerosLike(x);
        gradient[index] = adjoint;
        return gradient;
    }

    [DerivativeOf(typeof(Tensor), "get_At")]
    public static Tensor At(Tensor x, int i, int j, Tensor result, Tensor adjoint)
    {
        var gradient = Tensor.ZerosLike(x);
        gradient[i, j] = adjoint;
        return gradient;
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Cat))]
    public static Tensor[] Cat(ReadOnlySpan<Tensor> tensors, int dim, Tensor result, Tensor adjoint)
    {
        var d = dim < 0 ? dim + result.Dim : dim;
        var gradients = new Tensor[tensors.Length];
        var at = 0;
        for (var i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i];
            if (t.Dim == 1 && t.NumElements == 0)
            {
                gradients[i] = Tensor.ZerosLike(t);
                continue;
            }

            var size = t.Size(d);
            gradients[i] = adjoint.Narrow(d, at, size);
            at += size;
        }

        return gradients;
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Stack))]
    public static Tensor[] Stack(ReadOnlySpan<Tensor> tensors, int dim, Tensor result, Tensor adjoint)
    {
        var d = dim < 0 ? dim + result.Dim : dim;
        var gradients = new Tensor[tensors.Length];
        for (var i = 0; i < tensors.Length; i++)
        {
            gradients[i] = adjoint.Select(d, i);
        }

        return gradients;
    }

    private static double SumOf(Tensor t) => t.Sum().Item<double>();
}
