using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>Loads libtorch for training, and says in plain words what is missing when it cannot.</summary>
    internal static class TorchRuntime
    {
        private const string RequiredGlibcxx = "GLIBCXX_3.4.32";

        /// <summary>Loads libtorch, sets its thread count and picks the device by the rule of
        /// <see cref="DeviceSelection"/>; a fallback to the CPU is noted once through <paramref name="reporter"/>.</summary>
        public static Device Resolve(DeviceRequest request, int threads, TrainingReporter reporter)
        {
            EnsureLoaded();
            if (torch.get_num_threads() != threads)
                torch.set_num_threads(threads);
            // Asked only when a GPU may be wanted: a CPU-only libtorch answers 0.
            int cudaDevices = request.MayUseGpu && torch.cuda.is_available() ? torch.cuda.device_count() : 0;
            DeviceChoice choice = DeviceSelection.Choose(request, cudaDevices);
            if (choice.FallbackNote is string note)
                reporter.Note(note);
            return choice.CudaIndex is int index ? torch.device(DeviceType.CUDA, index) : torch.CPU;
        }

        private static void EnsureLoaded()
        {
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e)
            {
                throw new AnoOnlyTrainingException(Explain(e), e);
            }
        }

        private static string Explain(Exception e)
        {
            var message = new StringBuilder("Training needs libtorch (the TorchSharp native libraries), and it could not be loaded");
            message.Append(": ").Append(e.Message.Split('\n')[0].Trim()).Append(' ');
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && !SystemLibstdcxxHas(RequiredGlibcxx))
            {
                message.Append($"This system's libstdc++ lacks {RequiredGlibcxx}, which TorchSharp 0.107's libLibTorchSharp.so asks for ")
                    .Append("(Debian 12 and Ubuntu 22.04 ship an older one). Microsoft.ML.AnoOnly's build step marks that requirement ")
                    .Append("weak in the copy of libLibTorchSharp.so in your output folder; check that the build ran it (it is skipped ")
                    .Append("when AnoOnlyPatchLibTorchSharp=false) and that the application runs from that folder. ")
                    .Append("`ldd libLibTorchSharp.so` there shows what is missing. See docs/linux-compatibility.md. ");
            }
            message.Append("Scoring a trained model does not need libtorch.");
            return message.ToString();
        }

        internal static bool SystemLibstdcxxHas(string version)
        {
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            foreach (string path in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
                         "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" })
            {
                if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0)
                    return true;
            }
            return false;
        }
    }
}
