import testtools

from promise.engine import InvalidAmounts
from promise.engine import Inventory


class InventoryTest(testtools.TestCase):

    def test_capacity_follows_placement(self):
        self.assertEqual(128, Inventory(32, allocation_ratio=4.0).capacity)
        self.assertEqual(15, Inventory(12, reserved=2,
                                       allocation_ratio=1.5).capacity)
        # Placement truncates rather than rounds.
        self.assertEqual(3, Inventory(7, reserved=2,
                                      allocation_ratio=0.7).capacity)

    def test_max_unit(self):
        self.assertTrue(Inventory(8).allows_single(8))
        self.assertTrue(Inventory(8, max_unit=4).allows_single(4))
        self.assertFalse(Inventory(8, max_unit=4).allows_single(5))

    def test_is_frozen(self):
        inventory = Inventory(8)
        self.assertRaises(AttributeError, setattr, inventory, "total", 9)

    def test_validation(self):
        self.assertRaises(InvalidAmounts, Inventory, -1)
        self.assertRaises(InvalidAmounts, Inventory, 4, reserved=5)
        self.assertRaises(InvalidAmounts, Inventory, 4, allocation_ratio=0)
        self.assertRaises(InvalidAmounts, Inventory, 4, min_unit=2,
                          max_unit=1)
        self.assertRaises(ValueError, Inventory, 4, step_size=0)
