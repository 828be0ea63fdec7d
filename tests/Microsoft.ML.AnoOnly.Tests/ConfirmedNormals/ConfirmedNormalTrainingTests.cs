using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.ConfirmedNormals
{
    /// <summary>What confirmed normals do to training: nothing at all when there are none (every backbone gives the same
    /// scores bit for bit as without the column), and something when there are.</summary>
    public class ConfirmedNormalTrainingTests
    {
        private static float[] Scores(AnoOnlyTrainer.Options options, IDataView train, IDataView test)
        {
            var ml = new MLContext(seed: 1);
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(train);
            return model.Transform(test).GetColumn<float>("Score").Append(model.Threshold).ToArray();
        }

        [TestCaseSource(typeof(Mechanism.MechanismRig), nameof(Mechanism.MechanismRig.Backbones))]
        public void WithoutConfirmedNormalsScoresAreBitIdentical(AnoOnlyBackbone backbone)
        {
            var ml = new MLContext(seed: 1);
            var (train, test, split) = TestData.SyntheticSplit(ml);
            IDataView marked = ReviewedRows.Train(ml, split, _ => false);

            float[] without = Scores(ReviewedRows.Options(backbone, column: null), train, test);
            float[] unmarked = Scores(ReviewedRows.Options(backbone), marked, test);
            Assert.That(unmarked, Is.EqualTo(without), "a confirmed-normal column that marks no row changes nothing");

            // The test can fail: confirmed normals do change the scores.
            int[] normals = Enumerable.Range(0, split.Train.Count).Where(i => !split.Train.IsAnomaly[i]).Take(30).ToArray();
            float[] confirmed = Scores(ReviewedRows.Options(backbone), ReviewedRows.Train(ml, split, normals.Contains), test);
            Assert.That(confirmed, Is.Not.EqualTo(without));
        }
    }
}
