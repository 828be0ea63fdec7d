using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Backbones.PReNet;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests.Mechanism
{
    /// <summary>What a training batch holds: labeled anomalies and unlabeled rows in the shares each backbone's
    /// reference prescribes, and PReNet's three groups of pairs with their relation targets.</summary>
    public class BatchCompositionTests
    {
        /// <summary>Rows whose first feature says what they are: 1 for a labeled anomaly, 0 for an unlabeled row.</summary>
        private static TrainingSet Marked()
        {
            var anomalies = new RowBuffer(3);
            var unlabeled = new RowBuffer(3);
            for (int i = 0; i < 7; i++)
                anomalies.Add(new float[] { 1, 0.5f + i * 0.01f, 0.2f });
            for (int i = 0; i < 300; i++)
                unlabeled.Add(new float[] { 0, 0.3f + i * 0.001f, 0.6f });
            return TrainingSet.FromRows(anomalies, unlabeled);
        }

        [Test]
        public void BalancedBatchHoldsTheAskedShareOfLabeledAnomaliesWithTheirMask()
        {
            var sampler = new BatchSampler(Marked(), CPU);
            Batch batch = sampler.Balanced(new Random(1), anomalies: 32, normal: 32);
            float[] first = batch.Rows.select(1, 0).data<float>().ToArray();
            float[] mask = batch.IsAnomaly.data<float>().ToArray();
            Assert.That(mask.Sum(), Is.EqualTo(32));
            Assert.That(first, Is.EqualTo(mask), "the mask marks exactly the labeled anomalies' rows");
        }

        /// <summary>Each backbone's default batch: half of its samples (rows, or pairs for PReNet) involve a labeled
        /// anomaly, as the references sample them.</summary>
        [TestCase(AnoOnlyBackbone.DevNet, 64)]
        [TestCase(AnoOnlyBackbone.DeepSad, 128)]
        [TestCase(AnoOnlyBackbone.PReNet, 512)]
        [TestCase(AnoOnlyBackbone.FeaWad, 512)]
        public void DefaultBatchIsHalfLabeledAnomalies(AnoOnlyBackbone backbone, int samples)
        {
            TrainingSet data = Marked();
            TrainingSettings settings = MechanismRig.Settings(backbone, AnoOnlyLoss.AnomalyOnly, batchSize: null);
            using IBackboneModel model = MechanismRig.Model(settings, data);
            TrainingStage stage = MechanismRig.DetectorStage(model, data);
            stage.Prepare?.Invoke();
            stage.Network.train();
            using (NewDisposeScope())
            {
                SampleLosses losses = stage.BatchLoss(new Random(2));
                Assert.That(losses.PerSample.shape, Is.EqualTo(new long[] { samples }));
                Assert.That(losses.AnomalyMask!.sum().item<float>(), Is.EqualTo(samples / 2));
            }
        }

        [Test]
        public void PReNetPairsHaveTheirGroupsAndTargets()
        {
            var pairs = new PairSampler(new BatchSampler(Marked(), CPU));
            PairBatch batch = pairs.Next(new Random(3), anomalyPairs: 16, mixedPairs: 16, unlabeledPairs: 32, 8f, 4f, 0f);
            float[] left = batch.Left.select(1, 0).data<float>().ToArray();
            float[] right = batch.Right.select(1, 0).data<float>().ToArray();
            float[] target = batch.Target.data<float>().ToArray();
            float[] involves = batch.InvolvesAnomaly.data<float>().ToArray();
            for (int i = 0; i < 64; i++)
            {
                (float l, float r, float t, float a) expected = i < 16 ? (1, 1, 8, 1) : i < 32 ? (1, 0, 4, 1) : (0, 0, 0, 0);
                Assert.That((left[i], right[i], target[i], involves[i]), Is.EqualTo(expected), $"pair {i}");
            }
            float[][] unlabeledRight = Enumerable.Range(32, 32).Select(i => batch.Right[i].data<float>().ToArray()).ToArray();
            Assert.That(unlabeledRight.Select(r => r[1]).Distinct().Count(), Is.EqualTo(32), "a group of unlabeled rows is drawn without replacement");
        }

        /// <summary>
        /// The rows of successive pair batches, drawn as the reference draws them: the labeled anomalies with replacement,
        /// each group of unlabeled rows by Robert Floyd's algorithm (distinct indices) and shuffled, all from one seeded
        /// stream in this order. The sampler keeps its buffers from batch to batch, so a draw must not see the last
        /// one's choices; the seed's batches, and so its weights, stay those of this protocol.
        /// </summary>
        [Test]
        public void PReNetBatchesFollowTheReferenceDrawsBatchAfterBatch()
        {
            var pairs = new PairSampler(new BatchSampler(Marked(), CPU));
            var random = new Random(4);
            var expected = new Random(4);
            for (int batch = 0; batch < 4; batch++)
            {
                int[] leftAnomalies = Enumerable.Range(0, 32).Select(_ => expected.Next(7)).ToArray();
                int[] rightAnomalies = Enumerable.Range(0, 16).Select(_ => expected.Next(7)).ToArray();
                int[] rightMixed = Floyd(expected, 300, 16), leftUnlabeled = Floyd(expected, 300, 32), rightUnlabeled = Floyd(expected, 300, 32);
                int[] left = leftAnomalies.Concat(leftUnlabeled).ToArray();
                int[] right = rightAnomalies.Concat(rightMixed).Concat(rightUnlabeled).ToArray();

                using (NewDisposeScope())
                {
                    PairBatch drawn = pairs.Next(random, anomalyPairs: 16, mixedPairs: 16, unlabeledPairs: 32, 8f, 4f, 0f);
                    Assert.That(RowsOf(drawn.Left), Is.EqualTo(left), $"left rows of batch {batch}");
                    Assert.That(RowsOf(drawn.Right), Is.EqualTo(right), $"right rows of batch {batch}");
                }
            }
        }

        /// <summary>Which row of <see cref="Marked"/> each row of a batch is, from its first two features.</summary>
        private static int[] RowsOf(Tensor rows)
        {
            float[] values = rows.data<float>().ToArray();
            return Enumerable.Range(0, (int)rows.shape[0]).Select(i => values[3 * i] == 1
                ? (int)Math.Round((values[3 * i + 1] - 0.5f) / 0.01f)
                : (int)Math.Round((values[3 * i + 1] - 0.3f) / 0.001f)).ToArray();
        }

        private static int[] Floyd(Random random, int available, int count)
        {
            var chosen = new HashSet<int>();
            var indices = new int[count];
            for (int j = available - count, n = 0; j < available; j++)
            {
                int candidate = random.Next(j + 1);
                int taken = chosen.Contains(candidate) ? j : candidate;
                chosen.Add(taken);
                indices[n++] = taken;
            }
            random.Shuffle(indices);
            return indices;
        }
    }
}
