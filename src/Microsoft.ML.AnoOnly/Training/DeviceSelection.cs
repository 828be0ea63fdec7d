namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>Where training runs: the CPU, or a CUDA device by index; and the one line to log when a
    /// requested GPU was not there and training fell back to the CPU.</summary>
    internal readonly record struct DeviceChoice(int? CudaIndex, string? FallbackNote);

    /// <summary>
    /// The device rule of docs/devices.md, free of libtorch so every row of it can be tested without a GPU.
    /// An explicit <see cref="AnoOnlyTrainer.Options.Device"/> wins; left <see langword="null"/>, training follows
    /// the MLContext as ML.NET's TorchSharp trainers do (<c>GpuDeviceId</c> null: CPU; set: that CUDA device, or
    /// the CPU when it is missing and <c>FallbackToCpu</c> is on, else an error).
    /// </summary>
    internal static class DeviceSelection
    {
        /// <param name="request">The options' device and the MLContext's settings.</param>
        /// <param name="cudaDeviceCount">CUDA devices the loaded libtorch sees (0 with a CPU-only libtorch).</param>
        public static DeviceChoice Choose(DeviceRequest request, int cudaDeviceCount)
        {
            int index = request.GpuDeviceId ?? 0;
            bool present = index >= 0 && index < cudaDeviceCount;
            switch (request.Option)
            {
                case AnoOnlyDevice.Cpu:
                    return new DeviceChoice(null, null);
                case AnoOnlyDevice.Cuda:
                    return present ? new DeviceChoice(index, null) : throw new AnoOnlyTrainingException(
                        $"Device = Cuda was requested, but {Missing(index, cudaDeviceCount)} Reference a CUDA build of TorchSharp " +
                        "(TorchSharp-cuda-linux or TorchSharp-cuda-windows, see docs/native-backend.md) instead of the CPU backend, " +
                        "or use AnoOnlyDevice.Cpu or AnoOnlyDevice.Auto.");
                case AnoOnlyDevice.Auto:
                    return present ? new DeviceChoice(index, null)
                        : new DeviceChoice(null, $"AnoOnly: Device = Auto and {Missing(index, cudaDeviceCount)} Training on the CPU.");
                default: // null: follow the MLContext
                    if (request.GpuDeviceId is null)
                        return new DeviceChoice(null, null);
                    if (present)
                        return new DeviceChoice(index, null);
                    if (request.FallbackToCpu)
                        return new DeviceChoice(null,
                            $"AnoOnly: MLContext.GpuDeviceId = {index} but {Missing(index, cudaDeviceCount)} Training on the CPU " +
                            "(MLContext.FallbackToCpu is true).");
                    throw new AnoOnlyTrainingException(
                        $"MLContext.GpuDeviceId = {index} asks to train on a GPU, but {Missing(index, cudaDeviceCount)} Reference a " +
                        "CUDA build of TorchSharp (see docs/native-backend.md), set MLContext.FallbackToCpu = true to train on the " +
                        "CPU instead, or set AnoOnlyTrainer.Options.Device = AnoOnlyDevice.Cpu.");
            }
        }

        private static string Missing(int index, int cudaDeviceCount) => cudaDeviceCount == 0
            ? "the loaded libtorch has no CUDA support or sees no GPU."
            : $"CUDA device {index} does not exist (libtorch sees {cudaDeviceCount}).";
    }
}
