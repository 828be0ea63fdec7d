using System;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// A loss that turns NaN or explodes stops training inside the epoch with an <see cref="AnoOnlyTrainingException"/>
    /// that gives the epoch and the likely cause.
    /// </summary>
    public class TrainingStabilityTests
    {
        /// <summary>
        /// A learning rate of 1e6. DevNet's AnoOnly loss (margin - score) is unbounded below, so its weights run
        /// away and the loss explodes: the exception must come, with the epoch and the learning rate as cause.
        /// A backbone whose loss is bounded below (DeepSAD's inverse distance of anomalies tends to 0) may instead
        /// finish: then its model must still be valid (finite threshold and scores).
        /// </summary>
        [TestCaseSource(typeof(Backbones), nameof(Backbones.All))]
        public void HugeLearningRateIsReportedWithEpochAndCause(AnoOnlyBackbone backbone)
        {
            var ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(100);
            IDataView data = Tables.Single(ml, rows, labels);
            AnoOnlyTrainer.Options options = Backbones.Tiny(backbone);
            options.LearningRate = 1e6;
            options.NumberOfEpochs = 5;
            options.BatchesPerEpoch = 5;
            AnoOnlyTrainer trainer = Backbones.Trainer(ml, options);
            AnoOnlyTransformer model;
            try
            {
                model = trainer.Fit(data);
            }
            catch (AnoOnlyTrainingException e)
            {
                TestContext.Out.WriteLine(e.Message);
                Assert.That(e.Epoch, Is.InRange(1, 5));
                Assert.That(e.Message, Does.Contain($"epoch {e.Epoch}").And.Contain("learning rate 1E+06"));
                return;
            }
            Assert.That(backbone, Is.Not.EqualTo(AnoOnlyBackbone.DevNet), "DevNet must report the divergence");
            float[] scores = Tables.Scores(model.Transform(data));
            TestContext.Out.WriteLine($"{backbone} finished with learning rate 1e6: threshold {model.Threshold}, scores {scores.Min()}..{scores.Max()}");
            Assert.That(float.IsFinite(model.Threshold));
            Assert.That(scores, Has.All.Matches<float>(s => !float.IsNaN(s)));
        }

        /// <summary>A one-weight network whose batch loss follows <paramref name="lossOfBatch"/> (1-based batch count).</summary>
        private static TrainingStage Stage(nn.Module<Tensor, Tensor> network, Func<int, float> lossOfBatch, int epochs = 4, int batches = 5)
        {
            int calls = 0;
            return new TrainingStage
            {
                Name = "Synthetic",
                Network = network,
                Epochs = epochs,
                BatchesPerEpoch = batches,
                KeepBestEpoch = false,
                CreateOptimizer = () => optim.SGD(network.parameters(), 1e-3),
                BatchLoss = _ =>
                {
                    Tensor weight = network.parameters().GetEnumerator() is var p && p.MoveNext() ? p.Current : throw new InvalidOperationException();
                    return new SampleLosses((weight.sum() * 0 + lossOfBatch(++calls)).reshape(1), AnomalyMask: null);
                },
            };
        }

        [Test]
        public void FiniteButExplodingLossIsCaughtInTheEpochItExplodes()
        {
            using var network = nn.Linear(1, 1);
            // 1, 10, 100, ...: batch 8 (epoch 2) is 1e7, past a million times the first.
            TrainingStage stage = Stage(network, batch => MathF.Pow(10, batch - 1));
            var e = Assert.Throws<AnoOnlyTrainingException>(() =>
                TrainingLoop.Run(new[] { stage }, AnoOnlyLoss.Full, new Random(1), _ => { }, "Likely cause: test.", CancellationToken.None))!;
            Assert.That(e.Epoch, Is.EqualTo(2));
            Assert.That(e.Message, Does.Contain("exploded").And.Contain("batch 3").And.Contain("Likely cause: test."));
        }

        [Test]
        public void NaNLossIsCaughtInItsEpoch()
        {
            using var network = nn.Linear(1, 1);
            TrainingStage stage = Stage(network, batch => batch == 13 ? float.NaN : 1f / batch);
            var e = Assert.Throws<AnoOnlyTrainingException>(() =>
                TrainingLoop.Run(new[] { stage }, AnoOnlyLoss.Full, new Random(1), _ => { }, "", CancellationToken.None))!;
            Assert.That(e.Epoch, Is.EqualTo(3));
            Assert.That(e.Message, Does.Contain("epoch 3: the loss of batch 3 is NaN"));
        }

        [Test]
        public void ShrinkingOrNegativeLossIsNotAnExplosion()
        {
            using var network = nn.Linear(1, 1);
            // AnoOnly DevNet's loss (margin - score) legitimately goes negative; only a millionfold growth counts.
            TrainingStage stage = Stage(network, batch => 5f - 0.5f * batch);
            Assert.DoesNotThrow(() => TrainingLoop.Run(new[] { stage }, AnoOnlyLoss.Full, new Random(1), _ => { }, "", CancellationToken.None));
        }

        [Test]
        public void UnscaledFeaturesAreNamedAsTheLikelyCause()
        {
            TrainingSettings settings = TrainingSettings.Resolve(new AnoOnlyTrainer.Options { Backbone = AnoOnlyBackbone.DevNet }, 1);
            var ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(20);
            rows[3][1] = 5e7f;
            var data = Data.TrainingSet.Load(Tables.Single(ml, rows, labels),
                Data.TrainingColumns.Resolve(Tables.Single(ml, rows, labels).Schema, "Features", "Label"), 100, new Random(1), CancellationToken.None);
            string advice = DivergenceAdvice.For(settings, data);
            Assert.That(advice, Does.Contain("not scaled").And.Contain("5E+07"));
        }
    }
}
