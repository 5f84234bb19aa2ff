"""Persistent storage: the PersistentVolume binder (pv_controller.py, util.py), the
pvc- and pv-protection controllers (protection.py), and a dynamic provisioner standing in
for minikube's storage-provisioner addon (hostpath_provisioner.py)."""
