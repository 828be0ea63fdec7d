using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// Managed values into a new tensor in libtorch's own memory: every batch, mask and initial weight enters training
    /// through here. TorchSharp's <c>torch.tensor(array)</c> clones the array, pins the clone and hands libtorch a new
    /// delegate to release it: for PReNet's four tensors a batch, that took longer than the network's forward pass. Its
    /// memory is also the pinned array's, whose alignment varies from run to run, and MKL's matrix kernels take
    /// alignment-dependent paths: the same seed then gave slightly different weights for FEAWAD's wider layers.
    /// libtorch's allocator aligns every tensor to 64 bytes, so the weights are reproducible.
    /// </summary>
    internal static class TensorImport
    {
        /// <summary>A float tensor of <paramref name="shape"/> holding <paramref name="values"/> (row-major, exactly
        /// as many as the shape has elements), on <paramref name="device"/>.</summary>
        public static Tensor Values(ReadOnlySpan<float> values, ReadOnlySpan<long> shape, Device device)
        {
            Tensor host = empty(shape, ScalarType.Float32, CPU);
            Span<float> memory = MemoryMarshal.Cast<byte, float>(host.bytes);
            if (values.Length != memory.Length)
            {
                host.Dispose();
                throw new ArgumentException($"{values.Length} values do not fill a tensor of {memory.Length} elements.", nameof(values));
            }
            values.CopyTo(memory);
            if (device.type == DeviceType.CPU)
                return host;
            using (host)
                return host.to(device);
        }

        /// <summary>A vector of <paramref name="values"/> on <paramref name="device"/>.</summary>
        public static Tensor Vector(ReadOnlySpan<float> values, Device device)
            => Values(values, stackalloc long[] { values.Length }, device);
    }
}
