using System;
using System.Linq;
using System.Reflection;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// What the user asked for: <see cref="AnoOnlyTrainer.Options.Device"/>, and the <see cref="MLContext"/>'s
    /// <c>GpuDeviceId</c> and <c>FallbackToCpu</c>, the settings ML.NET's own TorchSharp trainers follow.
    /// </summary>
    internal readonly record struct DeviceRequest(AnoOnlyDevice? Option, int? GpuDeviceId, bool FallbackToCpu)
    {
        /// <summary>Whether training may run on a GPU: <c>Cuda</c> or <c>Auto</c> asked for, or no option and a
        /// <c>GpuDeviceId</c> set. Otherwise it runs on the CPU.</summary>
        public bool MayUseGpu => Option is AnoOnlyDevice.Cuda or AnoOnlyDevice.Auto || (Option is null && GpuDeviceId is not null);

        /// <summary>Reads the MLContext settings from <paramref name="environment"/> (the trainer's host, which
        /// copies them from its MLContext when the trainer is created).</summary>
        public static DeviceRequest From(AnoOnlyDevice? option, IHostEnvironment environment)
        {
            (int? gpuDeviceId, bool fallbackToCpu) = ReadMLContextSettings(environment);
            return new DeviceRequest(option, gpuDeviceId, fallbackToCpu);
        }

        /// <summary>
        /// ML.NET keeps <c>GpuDeviceId</c> and <c>FallbackToCpu</c> on its internal <c>IHostEnvironmentInternal</c>
        /// interface (MLContext's public properties write through to it), so they are read by reflection. An
        /// environment without that interface (a custom <see cref="IHostEnvironment"/>) asks for no GPU.
        /// </summary>
        private static (int? GpuDeviceId, bool FallbackToCpu) ReadMLContextSettings(IHostEnvironment environment)
        {
            Type? internalEnvironment = environment.GetType().GetInterfaces().FirstOrDefault(i => i.Name == "IHostEnvironmentInternal");
            PropertyInfo? gpuDeviceId = internalEnvironment?.GetProperty("GpuDeviceId");
            PropertyInfo? fallbackToCpu = internalEnvironment?.GetProperty("FallbackToCpu");
            return (gpuDeviceId?.GetValue(environment) as int?, fallbackToCpu?.GetValue(environment) as bool? ?? false);
        }
    }
}
