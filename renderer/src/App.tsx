import { SyncStatusBar } from './components/SyncStatusBar';
import { useKiosk } from './context';
import { ParkingTicketPayment } from './screens/ParkingTicketPayment';

export function App() {
  const { config } = useKiosk();
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          {config.cityName} <span className="van">· {config.vanName}</span>
        </h1>
        <SyncStatusBar />
      </header>
      <main>
        <ParkingTicketPayment />
      </main>
    </div>
  );
}
