namespace AutoDiffGen;

/// <summary>
/// Thrown when an operation does not support a tensor's element type (e.g. <c>Mean</c> of an integer tensor), or
/// when two tensors' element types cannot be combined. The message names the operation and the types.
/// </summary>
public sealed class TensorDTypeException : ArgumentException
{
    public TensorDTypeException(string message)
        : base(message)
    {
    }

    public TensorDTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TensorDTypeException()
    {
    }
}
