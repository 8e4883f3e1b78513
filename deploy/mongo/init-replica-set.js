// Run once by compose's mongo-init service (mongosh, as root on mongo1). Idempotent: starting the
// stack again finds the replica set and the user there and changes nothing.
const members = ['mongo1:27017', 'mongo2:27017', 'mongo3:27017'].map((host, _id) => ({ _id, host }));

let initiated = true;
try {
  rs.status();
} catch (e) {
  if (e.codeName !== 'NotYetInitialized') throw e;
  initiated = false;
}
if (!initiated) {
  rs.initiate({ _id: 'rs0', members });
  print('replica set rs0 initiated');
}

for (let waited = 0; !db.hello().isWritablePrimary; waited += 1) {
  if (waited > 120) throw new Error('no primary after 2 minutes');
  sleep(1000);
}

const admin = db.getSiblingDB('admin');
if (!admin.getUser('thuvien')) {
  admin.createUser({
    user: 'thuvien',
    pwd: process.env.MONGO_APP_PASSWORD,
    roles: [{ role: 'readWrite', db: 'thuvienso' }],
  });
  print('user thuvien created');
}
print(
  'replica set ready: ' +
    rs
      .status()
      .members.map((m) => `${m.name} ${m.stateStr}`)
      .join(', '),
);
