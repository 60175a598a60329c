namespace AutoDiffGen.Tests.Reference;

/// <summary>
/// The elementwise functions of the reference, computed in float64 from PyTorch's documented definitions, and the
/// result dtype PyTorch gives for each.
/// </summary>
public static class RefOps
{
    public static readonly string[] BinaryNames = ["Add", "Sub", "Mul", "Div", "Maximum", "Minimum", "Pow"];

    public static readonly string[] UnaryNames =
    [
        "Neg", "Abs", "Exp", "Log", "Sqrt", "Sin", "Cos", "Tanh", "Sigmoid", "Relu", "Floor", "Ceil", "Round", "Sign",
        "Reciprocal", "Square",
    ];

    /// <summary>The result dtype of a binary op on two tensors.</summary>
    public static DType BinaryType(string op, RefTensor a, RefTensor b)
    {
        var t = RefPromotion.TensorTensor(a.DType, a.Rank == 0, b.DType, b.Rank == 0);
        return op == "Div" ? RefPromotion.TrueDivide(t) : t;
    }

    /// <summary>The result dtype of a binary op of a tensor with a Python number.</summary>
    public static DType ScalarType(string op, DType tensor, bool numberIsFloat)
    {
        var t = RefPromotion.TensorNumber(tensor, numberIsFloat);
        return op == "Div" ? RefPromotion.TrueDivide(t) : t;
    }

    /// <summary>The float64 value of <c>x op y</c>, where <paramref name="integral"/> says the op runs on integers.</summary>
    public static Func<double, double, double> Binary(string op, bool integral) => op switch
    {
        "Add" => (x, y) => x + y,
        "Sub" => (x, y) => x - y,
        "Mul" => (x, y) => x * y,
        "Div" => (x, y) => x / y,

        // torch.maximum / torch.minimum propagate NaN.
        "Maximum" => (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : (x >= y ? x : y),
        "Minimum" => (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : (x <= y ? x : y),
        "Pow" => integral ? IntegerPow : Math.Pow,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>
    /// Integer power as PyTorch computes it for integral tensors (ATen's powi): a negative exponent gives 0 unless the
    /// base is 1 (then 1) or -1 (then ±1 by the exponent's parity), i.e. C's truncating 1 / base^-e.
    /// </summary>
    public static double IntegerPow(double x, double y)
    {
        if (y < 0)
        {
            return x == 1 ? 1 : x == -1 ? (((long)y & 1) != 0 ? -1 : 1) : 0;
        }

        var result = 1.0;
        for (var i = 0; i < (long)y; i++)
        {
            result *= x;
        }

        return result;
    }

    /// <summary>The result dtype of a unary op, or null where PyTorch's behaviour for that dtype is not pinned down here.</summary>
    public static DType? UnaryType(string op, DType input)
    {
        switch (op)
        {
            case "Exp" or "Log" or "Sqrt" or "Sin" or "Cos" or "Tanh" or "Sigmoid" or "Reciprocal":
                return RefPromotion.FloatingUnary(input);
            case "Sign":
                return input;
            default:
                // Neg of bool is an error; Abs, Relu, Floor, Ceil, Round, Square of bool are left out.
                return input == DType.Bool ? null : input;
        }
    }

    public static Func<double, double> Unary(string op) => op switch
    {
        "Neg" => x => -x,
        "Abs" => Math.Abs,
        "Exp" => Math.Exp,
        "Log" => Math.Log,
        "Sqrt" => Math.Sqrt,
        "Sin" => Math.Sin,
        "Cos" => Math.Cos,
        "Tanh" => Math.Tanh,
        "Sigmoid" => x => 1 / (1 + Math.Exp(-x)),
        "Relu" => x => double.IsNaN(x) ? x : (x > 0 ? x : 0),
        "Floor" => Math.Floor,
        "Ceil" => Math.Ceiling,

        // torch.round rounds half to even.
        "Round" => x => Math.Round(x, MidpointRounding.ToEven),
        "Sign" => x => x > 0 ? 1 : x < 0 ? -1 : 0,
        "Reciprocal" => x => 1 / x,
        "Square" => x => x * x,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}
