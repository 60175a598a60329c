namespace AutoDiffGen;

/// <summary>
/// Thrown when an operation gets tensors on different devices (e.g. <c>cpu</c> and <c>opencl:0</c>), or a tensor on
/// a device the operation was not given. The message names the operation and both devices.
/// </summary>
public sealed class TensorDeviceException : ArgumentException
{
    public TensorDeviceException(string message)
        : base(message)
    {
    }

    public TensorDeviceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TensorDeviceException()
    {
    }

    internal static TensorDeviceException Mismatch(string op, Device a, Device b) => new(
        $"{op}: expected all tensors to be on the same device, but found {a} and {b}. Move one with To(device) first.");
}
