# Models arrive with this app's issue; the app is installed now to fix the dependency order.
