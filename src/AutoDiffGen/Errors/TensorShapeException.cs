namespace AutoDiffGen;

/// <summary>
/// Thrown when tensor shapes do not fit an operation, e.g.
/// <c>MatMul: mat1 and mat2 shapes cannot be multiplied (3x2 and 3x2)</c>. The message names the operation and
/// every shape involved, and says how to fix the call where there is a usual fix.
/// </summary>
public sealed class TensorShapeException : ArgumentException
{
    public TensorShapeException(string message)
        : base(message)
    {
    }

    public TensorShapeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TensorShapeException()
    {
    }
}
