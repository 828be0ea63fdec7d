using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Training;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests.Mechanism
{
    /// <summary>
    /// Keeping the best epoch restores the whole network as it was after that epoch, BatchNorm's running statistics
    /// included: restoring the weights alone would pair them with the statistics of a later epoch, and the exported
    /// scorer would fold in statistics the weights were never trained with.
    /// </summary>
    public class BestEpochTests
    {
        [Test]
        public void BestEpochRestoreIncludesBatchNormRunningStatistics()
        {
            using var network = nn.Sequential(("norm", nn.BatchNorm1d(3)), ("linear", nn.Linear(3, 1)));
            float[] epochLoss = { 3f, 1f, 2f, 4f }; // epoch 2 is the best
            int batch = 0;
            var stage = new TrainingStage
            {
                Name = "Synthetic",
                Network = network,
                Epochs = epochLoss.Length,
                BatchesPerEpoch = 2,
                KeepBestEpoch = true,
                CreateOptimizer = () => optim.SGD(network.parameters(), 0.1),
                BatchLoss = random =>
                {
                    // Every forward pass in training mode moves the running statistics; the loss follows the schedule.
                    using Tensor rows = rand(8, 3) * (1 + batch) + batch;
                    Tensor output = network.forward(rows);
                    float target = epochLoss[batch++ / 2];
                    return new SampleLosses((output.mean() * 0 + target).reshape(1), AnomalyMask: null);
                },
            };
            var afterEpoch = new List<Dictionary<string, float[]>>();
            TrainingLoop.Run(new[] { stage }, AnoOnlyLoss.Full, new Random(1), _ => afterEpoch.Add(State(network)), "", CancellationToken.None);

            Dictionary<string, float[]> restored = State(network);
            Assert.That(restored.Keys, Has.Some.Contains("running_mean").And.Some.Contains("running_var"));
            foreach ((string name, float[] values) in restored)
                Assert.That(values, Is.EqualTo(afterEpoch[1][name]), $"{name} is not as after the best epoch");
            Assert.That(afterEpoch[3]["norm.running_mean"], Is.Not.EqualTo(afterEpoch[1]["norm.running_mean"]), "later epochs moved the statistics");
        }

        private static Dictionary<string, float[]> State(nn.Module network)
            => network.state_dict().Where(kv => kv.Value.dtype == ScalarType.Float32)
                .ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());
    }
}
