using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Devices
{
    /// <summary>
    /// The device rule of docs/devices.md: <c>Options.Device</c> wins when set; left null, training follows
    /// <c>MLContext.GpuDeviceId</c> and <c>MLContext.FallbackToCpu</c> as ML.NET's TorchSharp trainers do. The rows
    /// that need a GPU are checked on the rule itself (<see cref="DeviceSelection"/>); the CPU-only rows also by
    /// training, on this machine's CPU libtorch.
    /// </summary>
    public sealed class DeviceSelectionTests
    {
        private static readonly DeviceRequest FollowMLContext = new(null, null, false);

        [Test]
        public void TheRuleAsTabled()
        {
            // Options.Device null: the MLContext decides.
            Assert.That(DeviceSelection.Choose(FollowMLContext, cudaDeviceCount: 2), Is.EqualTo(new DeviceChoice(null, null)), "no GpuDeviceId: CPU");
            Assert.That(DeviceSelection.Choose(new(null, 1, false), 2).CudaIndex, Is.EqualTo(1), "GpuDeviceId names the CUDA device");
            Assert.That(DeviceSelection.Choose(new(null, 0, true), 0).CudaIndex, Is.Null, "no CUDA, FallbackToCpu: CPU");
            Assert.That(DeviceSelection.Choose(new(null, 0, true), 0).FallbackNote, Does.Contain("Training on the CPU"));
            Assert.That(DeviceSelection.Choose(new(null, 3, true), 2).FallbackNote, Does.Contain("CUDA device 3 does not exist"));
            Assert.Throws<AnoOnlyTrainingException>(() => DeviceSelection.Choose(new(null, 0, false), 0), "no CUDA, no fallback");
            Assert.Throws<AnoOnlyTrainingException>(() => DeviceSelection.Choose(new(null, 2, false), 2), "a device index past the last GPU");

            // Options.Device set: it wins over the MLContext.
            Assert.That(DeviceSelection.Choose(new(AnoOnlyDevice.Cpu, 0, false), 2), Is.EqualTo(new DeviceChoice(null, null)), "Cpu beats GpuDeviceId");
            Assert.That(DeviceSelection.Choose(new(AnoOnlyDevice.Cuda, null, false), 1).CudaIndex, Is.EqualTo(0), "Cuda: the first GPU");
            Assert.That(DeviceSelection.Choose(new(AnoOnlyDevice.Cuda, 1, false), 2).CudaIndex, Is.EqualTo(1), "Cuda: the GPU GpuDeviceId names");
            Assert.Throws<AnoOnlyTrainingException>(() => DeviceSelection.Choose(new(AnoOnlyDevice.Cuda, 0, true), 0),
                "Cuda without CUDA fails even when FallbackToCpu is on");
            Assert.That(DeviceSelection.Choose(new(AnoOnlyDevice.Auto, null, false), 1).CudaIndex, Is.EqualTo(0), "Auto with a GPU: CUDA");
            DeviceChoice auto = DeviceSelection.Choose(new(AnoOnlyDevice.Auto, null, false), 0);
            Assert.That(auto.CudaIndex, Is.Null, "Auto without CUDA: CPU");
            Assert.That(auto.FallbackNote, Is.Not.Null);
        }

        [Test]
        public void MLContextSettingsAreReadFromTheHostEnvironment()
        {
            var ml = new MLContext(seed: 1) { GpuDeviceId = 2, FallbackToCpu = true };
            DeviceRequest request = DeviceRequest.From(AnoOnlyDevice.Auto, HostEnvironmentAccess.FromCatalog(ml.AnomalyDetection.Trainers));
            Assert.That(request, Is.EqualTo(new DeviceRequest(AnoOnlyDevice.Auto, 2, true)));
            DeviceRequest unset = DeviceRequest.From(null, HostEnvironmentAccess.FromCatalog(new MLContext().AnomalyDetection.Trainers));
            Assert.That(unset, Is.EqualTo(FollowMLContext));
        }

        [Test]
        public void GpuDeviceIdWithoutCudaAndWithoutFallbackFailsClearly()
        {
            IgnoreIfCuda();
            var ml = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };
            var (train, _, _) = TestData.SyntheticSplit(ml);
            var e = Assert.Throws<AnoOnlyTrainingException>(() => ml.AnomalyDetection.Trainers.AnoOnly(Small()).Fit(train));
            Assert.That(e!.Message, Does.Contain("MLContext.GpuDeviceId = 0").And.Contain("FallbackToCpu").And.Contain("CUDA"));
        }

        [Test]
        public void GpuDeviceIdWithoutCudaFallsBackToTheCpuWithOneLogLine()
        {
            IgnoreIfCuda();
            // <devices>
            // Train on GPU 0 when there is one, else on the CPU; Options.Device is left null, so the MLContext decides.
            var ml = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = true };
            var trainer = ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 3, Seed = 1 });
            // </devices>
            var messages = new List<string>();
            ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
            var (train, test, _) = TestData.SyntheticSplit(ml);
            AnoOnlyTransformer model = trainer.Fit(train);
            Assert.That(model.Transform(test).GetColumn<float>("Score").All(float.IsFinite));
            Assert.That(messages.Count(m => m.Contains("Training on the CPU")), Is.EqualTo(1), string.Join("\n", messages));
            Assert.That(messages.Single(m => m.Contains("Training on the CPU")), Does.Contain("GpuDeviceId = 0").And.Contain("FallbackToCpu"));
        }

        [Test]
        public void AnExplicitCpuDeviceWinsOverTheMLContext()
        {
            var ml = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };
            var messages = new List<string>();
            ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
            var (train, _, _) = TestData.SyntheticSplit(ml);
            AnoOnlyTrainer.Options options = Small();
            options.Device = AnoOnlyDevice.Cpu;
            Assert.DoesNotThrow(() => ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train));
            Assert.That(messages.Count(m => m.Contains("Training on the CPU")), Is.Zero, "no fallback: the CPU was asked for");
        }

        [Test]
        public void AnMLContextWithoutGpuDeviceIdTrainsOnTheCpuSilently()
        {
            var ml = new MLContext(seed: 1) { FallbackToCpu = false };
            var messages = new List<string>();
            ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
            var (train, _, _) = TestData.SyntheticSplit(ml);
            Assert.DoesNotThrow(() => ml.AnomalyDetection.Trainers.AnoOnly(Small()).Fit(train));
            Assert.That(messages.Count(m => m.Contains("Training on the CPU")), Is.Zero);
        }

        private static AnoOnlyTrainer.Options Small() => new() { NumberOfEpochs = 3, Seed = 1 };

        private static void IgnoreIfCuda()
        {
            if (TorchSharp.torch.cuda.is_available())
                Assert.Ignore("This machine has CUDA: the CPU-only rows do not apply.");
        }
    }
}
